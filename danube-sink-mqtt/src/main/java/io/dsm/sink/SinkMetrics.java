/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import io.dsm.runtime.metrics.BuildInfo;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.DoubleSupplier;

/**
 * The sink's metrics, under the names the source exports (the seed's {@code danube_connector_*}
 * names with the {@code connector} label), so one dashboard and one set of alerts serve both
 * directions: received = consumed from Danube, processed = acknowledged by the MQTT broker.
 */
final class SinkMetrics {
  private static final double[] BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Counter received;
  private final Counter processed;
  private final Counter failed;
  private final Counter deadLettered;
  private final Histogram duration;

  SinkMetrics(
      PrometheusRegistry registry,
      String connectorName,
      DoubleSupplier inFlight,
      int maxInFlight,
      DoubleSupplier mqttConnected,
      DoubleSupplier ready) {
    Labels connector = Labels.of("connector", connectorName);
    received =
        Counter.builder()
            .name("danube_connector_messages_received_total")
            .help("Messages received from Danube")
            .constLabels(connector)
            .withoutExemplars()
            .register(registry);
    processed =
        Counter.builder()
            .name("danube_connector_messages_processed_total")
            .help("Messages the MQTT broker acknowledged (QoS 0: written), then acked to Danube")
            .constLabels(connector)
            .withoutExemplars()
            .register(registry);
    failed =
        Counter.builder()
            .name("danube_connector_messages_failed_total")
            .help("Messages not published: invalid_topic, invalid_properties, mqtt_rejected")
            .constLabels(connector)
            .labelNames("reason")
            .withoutExemplars()
            .register(registry);
    deadLettered =
        Counter.builder()
            .name("danube_connector_messages_dead_lettered_total")
            .help("Messages written to the dead-letter topic")
            .constLabels(connector)
            .withoutExemplars()
            .register(registry);
    duration =
        Histogram.builder()
            .name("danube_connector_processing_duration_seconds")
            .help("Time from receiving a message from Danube to the MQTT broker's acknowledgement")
            .unit(Unit.SECONDS)
            .constLabels(connector)
            .classicOnly()
            .classicUpperBounds(BUCKETS)
            .withoutExemplars()
            .register(registry);
    gauge(
        registry,
        connector,
        "danube_connector_messages_in_flight",
        "Published, not acked",
        inFlight);
    gauge(
        registry, connector, "danube_connector_max_in_flight", "MAX_IN_FLIGHT", () -> maxInFlight);
    gauge(
        registry,
        connector,
        "danube_connector_mqtt_connected",
        "1 while the MQTT connection is up",
        mqttConnected);
    gauge(registry, connector, "danube_connector_ready", "1 when ready", ready);
    gauge(registry, connector, "danube_connector_health", "1 when healthy", ready);
    BuildInfo build = BuildInfo.current();
    Info.builder()
        .name("danube_connector_build_info")
        .help("The connector's version and the git commit it was built from")
        .constLabels(connector)
        .labelNames("version", "commit")
        .register(registry)
        .setLabelValues(build.version(), build.commit());
  }

  void received() {
    received.inc();
  }

  void processed(long startNanos) {
    processed.inc();
    duration.observe((System.nanoTime() - startNanos) / 1e9);
  }

  void failed(String reason) {
    failed.labelValues(reason).inc();
  }

  void deadLettered() {
    deadLettered.inc();
  }

  private static void gauge(
      PrometheusRegistry registry, Labels connector, String name, String help, DoubleSupplier v) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .constLabels(connector)
        .callback(cb -> cb.call(v.getAsDouble()))
        .register(registry);
  }
}
