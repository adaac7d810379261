/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.health;

import io.dsm.runtime.http.HealthCheck;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Liveness and readiness of one connector, for {@code /health}, {@code /ready} and the {@code
 * danube_connector_health} gauge. Liveness asks "is the pipeline making progress?" (restart me if
 * not); readiness asks "can I take messages now?" (MQTT connected and subscribed, Danube producers
 * created). Reads only atomics and volatiles, never a pipeline lock: the ops thread calls it while
 * the pipeline runs. Thread-safe.
 */
public final class ConnectorHealth {
  /** The connector's lifecycle as far as health cares. */
  public enum Phase {
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED,
    FAILED
  }

  private final String mqttBroker;
  private final MqttConnectionTracker mqtt;
  private final PipelineBacklog backlog;
  private final Duration stallTimeout;
  private final int producersExpected;
  private final AtomicInteger producersCreated = new AtomicInteger();
  private volatile Phase phase = Phase.STARTING;
  private volatile String failure;

  /**
   * @param mqttBroker {@code host:port}, for reasons
   * @param mqtt the MQTT connection state
   * @param backlog what the pipeline holds, and when it last made progress
   * @param stallTimeout liveness fails when messages wait for Danube this long without progress
   * @param producersExpected Danube producers the connector needs (one per target topic)
   */
  public ConnectorHealth(
      String mqttBroker,
      MqttConnectionTracker mqtt,
      PipelineBacklog backlog,
      Duration stallTimeout,
      int producersExpected) {
    this.mqttBroker = mqttBroker;
    this.mqtt = mqtt;
    this.backlog = backlog;
    this.stallTimeout = stallTimeout;
    this.producersExpected = producersExpected;
  }

  /** Moves to {@code next}; a failure is final. */
  public void phase(Phase next) {
    if (phase != Phase.FAILED) {
      phase = next;
    }
  }

  /** The connector failed for good (start failure or fatal runtime failure). */
  public void failed(String cause) {
    failure = cause;
    phase = Phase.FAILED;
  }

  public Phase phase() {
    return phase;
  }

  /** How many Danube producers exist. */
  public void producersCreated(int count) {
    producersCreated.set(count);
  }

  public int producersCreated() {
    return producersCreated.get();
  }

  /**
   * Live unless the connector failed, or messages have been waiting for Danube longer than the
   * stall timeout without any of them finishing. A slow Danube is live; a stuck one is not.
   */
  public HealthCheck liveness() {
    long stalledNanos = backlog.stalledNanos();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("phase", phase.name().toLowerCase(Locale.ROOT));
    d.put("messages_waiting_for_danube", backlog.waitingForDanube());
    d.put("stalled_seconds", stalledNanos / 1e9);
    d.put("stall_timeout_seconds", stallTimeout.toMillis() / 1000.0);
    if (phase == Phase.FAILED) {
      return new HealthCheck(false, "connector failed: " + failure, d);
    }
    if (stalledNanos > stallTimeout.toNanos()) {
      return new HealthCheck(
          false,
          String.format(
              Locale.ROOT,
              "pipeline stalled: %d message(s) waiting for Danube and none acknowledged for %.1f s"
                  + " (stall timeout %.1f s)",
              backlog.waitingForDanube(),
              stalledNanos / 1e9,
              stallTimeout.toMillis() / 1000.0),
          d);
    }
    return new HealthCheck(true, null, d);
  }

  /** Ready when running, every Danube producer exists and MQTT is connected and subscribed. */
  public HealthCheck readiness() {
    Phase p = phase;
    boolean connected = mqtt.connected();
    var missing = mqtt.missingSubscriptions();
    int producers = producersCreated.get();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("phase", p.name().toLowerCase(Locale.ROOT));
    d.put("mqtt_connected", connected);
    // Subscriptions live in the broker's session: without a connection none is delivering.
    d.put("mqtt_subscribed", connected && missing.isEmpty());
    d.put("danube_producers", producers + "/" + producersExpected);
    String reason = null;
    if (p == Phase.FAILED) {
      reason = "connector failed: " + failure;
    } else if (p != Phase.RUNNING) {
      reason = "connector is " + p.name().toLowerCase(Locale.ROOT);
    } else if (producers < producersExpected) {
      reason = "Danube producers created: " + producers + " of " + producersExpected;
    } else if (!connected) {
      String why = mqtt.lastProblem();
      reason =
          "MQTT broker " + mqttBroker + " not connected" + (why == null ? "" : " (" + why + ")");
    } else if (!missing.isEmpty()) {
      reason = "MQTT subscription not granted for " + missing;
    }
    return new HealthCheck(reason == null, reason, d);
  }

  /** Live and ready: the value of {@code danube_connector_health}. */
  public boolean healthy() {
    return liveness().ok() && readiness().ok();
  }
}
