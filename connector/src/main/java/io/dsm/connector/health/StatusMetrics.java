/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.health;

import static io.dsm.connector.metrics.MetricNames.LABEL_CONNECTOR;

import io.dsm.connector.metrics.MetricNames;
import io.dsm.runtime.metrics.BuildInfo;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.function.DoubleSupplier;

/**
 * The state metrics of one connector: gauges and counters read at scrape time (on the {@code
 * ops-http} thread) from atomics the pipeline, the MQTT connection tracker and {@link
 * ConnectorHealth} keep. Nothing here takes a pipeline lock.
 */
public final class StatusMetrics {
  private StatusMetrics() {}

  /**
   * Registers the state metrics in {@code registry}.
   *
   * @param backlog what the pipeline holds
   */
  public static void register(
      PrometheusRegistry registry,
      String connectorName,
      ConnectorHealth health,
      MqttConnectionTracker mqtt,
      PipelineBacklog backlog,
      int maxInFlight,
      int qos0Capacity) {
    Labels connector = Labels.of(LABEL_CONNECTOR, connectorName);
    gauge(
        registry,
        connector,
        MetricNames.HEALTH,
        "1 when the connector is live and ready (see /health and /ready), else 0",
        () -> bit(health.healthy()));
    gauge(
        registry,
        connector,
        MetricNames.LIVE,
        "1 when /health passes (not failed, not stalled), else 0",
        () -> bit(health.liveness().ok()));
    gauge(
        registry,
        connector,
        MetricNames.READY,
        "1 when /ready passes (MQTT connected and subscribed, Danube producers created), else 0",
        () -> bit(health.readiness().ok()));
    gauge(
        registry,
        connector,
        MetricNames.IN_FLIGHT,
        "QoS 1/2 messages received from MQTT and not yet acknowledged to it",
        backlog::inFlight);
    gauge(
        registry,
        connector,
        MetricNames.IN_FLIGHT_BYTES,
        "Payload bytes of the QoS 1/2 messages in flight (runtime max_in_flight_bytes bounds it)",
        backlog::inFlightBytes);
    gauge(
        registry,
        connector,
        MetricNames.MAX_IN_FLIGHT,
        "The in-flight window (runtime max_in_flight); intake pauses when it is full",
        () -> maxInFlight);
    gauge(
        registry,
        connector,
        MetricNames.QOS0_BUFFERED,
        "QoS 0 messages sent to Danube and not yet completed",
        backlog::qos0Outstanding);
    gauge(
        registry,
        connector,
        MetricNames.QOS0_BUFFER_CAPACITY,
        "The QoS 0 buffer; QoS 0 messages beyond it are dropped",
        () -> qos0Capacity);
    gauge(
        registry,
        connector,
        MetricNames.STALLED_SECONDS,
        "Seconds messages have waited for Danube without any acknowledgement (0 when none wait)",
        () -> backlog.stalledNanos() / 1e9);
    gauge(
        registry,
        connector,
        MetricNames.DANUBE_PRODUCERS,
        "Danube producers created (one per target topic)",
        health::producersCreated);
    gauge(
        registry,
        connector,
        MetricNames.MQTT_CONNECTED,
        "1 while the MQTT connection is up, else 0",
        () -> bit(mqtt.connected()));
    gauge(
        registry,
        connector,
        MetricNames.MQTT_SUBSCRIBED,
        "1 when the broker granted every route filter in the current session, else 0",
        () -> bit(mqtt.subscribed()));
    counter(
        registry,
        connector,
        MetricNames.MQTT_RECONNECTS,
        "MQTT connections re-established after the first one",
        mqtt::reconnects);
    counter(
        registry,
        connector,
        MetricNames.MQTT_CONNECTION_LOSSES,
        "Established MQTT connections that were lost",
        mqtt::connectionLosses);
    counter(
        registry,
        connector,
        MetricNames.MQTT_CONNECT_FAILURES,
        "MQTT connect attempts (first and reconnects) that failed",
        mqtt::connectFailures);
    BuildInfo build = BuildInfo.current();
    Info.builder()
        .name(MetricNames.BUILD_INFO)
        .help("The connector's version and the git commit it was built from")
        .constLabels(connector)
        .labelNames(MetricNames.LABEL_VERSION, MetricNames.LABEL_COMMIT)
        .register(registry)
        .setLabelValues(build.version(), build.commit());
  }

  private static double bit(boolean b) {
    return b ? 1 : 0;
  }

  private static void gauge(
      PrometheusRegistry registry,
      Labels connector,
      String name,
      String help,
      DoubleSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .constLabels(connector)
        .callback(cb -> cb.call(value.getAsDouble()))
        .register(registry);
  }

  private static void counter(
      PrometheusRegistry registry,
      Labels connector,
      String name,
      String help,
      DoubleSupplier value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .constLabels(connector)
        .callback(cb -> cb.call(value.getAsDouble()))
        .register(registry);
  }
}
