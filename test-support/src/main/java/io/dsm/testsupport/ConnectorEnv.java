/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a connector under test (source or sink, in the test JVM or a child JVM): who
 * it is, where Danube and the MQTT broker are, and the settings a test adds. The variable names are
 * the connectors' stable interface (README, {@code connector-config}); this module depends on no
 * other, so they are spelled here.
 *
 * <pre>{@code
 * Map<String, String> env =
 *     ConnectorEnv.of("crash", "crash-1", danube.serviceUrl(), mosquitto.port())
 *         .source("crash/#", "/iot/crash")
 *         .persistentSession()
 *         .map();
 * }</pre>
 */
public final class ConnectorEnv {
  private final Map<String, String> env = new HashMap<>();

  private ConnectorEnv() {}

  /**
   * A connector named {@code name} with MQTT client id {@code clientId}, using Danube at {@code
   * danubeUrl} and the MQTT broker at 127.0.0.1:{@code mqttPort}, its metrics on a free port.
   */
  public static ConnectorEnv of(String name, String clientId, String danubeUrl, int mqttPort) {
    return new ConnectorEnv()
        .with("DANUBE_SERVICE_URL", danubeUrl)
        .with("CONNECTOR_NAME", name)
        .with("MQTT_BROKER_HOST", "127.0.0.1")
        .with("MQTT_BROKER_PORT", Integer.toString(mqttPort))
        .with("MQTT_CLIENT_ID", clientId)
        .with("METRICS_PORT", "0");
  }

  /** Source: forwards the MQTT topic filters {@code mqttTopics} to {@code danubeTopic}. */
  public ConnectorEnv source(String mqttTopics, String danubeTopic) {
    return with("MQTT_TOPICS", mqttTopics).with("MQTT_DANUBE_TOPIC", danubeTopic);
  }

  /** Sink: publishes {@code danubeTopics} to the MQTT topics {@code topicTemplate} renders. */
  public ConnectorEnv sink(String danubeTopics, String topicTemplate) {
    return with("DANUBE_TOPICS", danubeTopics).with("MQTT_TOPIC_TEMPLATE", topicTemplate);
  }

  /**
   * Source: QoS 1 in a persistent MQTT session, so that the broker keeps what arrives while the
   * connector is down.
   */
  public ConnectorEnv persistentSession() {
    return with("MQTT_QOS", "1").with("MQTT_CLEAN_SESSION", "false");
  }

  /** MQTT 3.1.1 ({@code 3}) or 5. */
  public ConnectorEnv protocol(int version) {
    return with("MQTT_PROTOCOL_VERSION", Integer.toString(version));
  }

  /** How long a stop waits for messages in flight. */
  public ConnectorEnv drainTimeoutSecs(int seconds) {
    return with("DRAIN_TIMEOUT_SECS", Integer.toString(seconds));
  }

  /** Sets (or replaces) one variable. */
  public ConnectorEnv with(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** A mutable copy, for {@code put} and {@code remove} in a test. */
  public Map<String, String> map() {
    return new HashMap<>(env);
  }
}
