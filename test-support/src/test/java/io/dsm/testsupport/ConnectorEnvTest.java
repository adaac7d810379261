/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorEnvTest {
  @Test
  void aSourceInAPersistentSession() {
    Map<String, String> env =
        ConnectorEnv.of("src", "src-1", "http://127.0.0.1:6650", 1883)
            .source("a/#", "/iot/a")
            .persistentSession()
            .protocol(5)
            .drainTimeoutSecs(7)
            .map();

    assertThat(env)
        .containsOnly(
            Map.entry("DANUBE_SERVICE_URL", "http://127.0.0.1:6650"),
            Map.entry("CONNECTOR_NAME", "src"),
            Map.entry("MQTT_BROKER_HOST", "127.0.0.1"),
            Map.entry("MQTT_BROKER_PORT", "1883"),
            Map.entry("MQTT_CLIENT_ID", "src-1"),
            Map.entry("METRICS_PORT", "0"),
            Map.entry("MQTT_TOPICS", "a/#"),
            Map.entry("MQTT_DANUBE_TOPIC", "/iot/a"),
            Map.entry("MQTT_QOS", "1"),
            Map.entry("MQTT_CLEAN_SESSION", "false"),
            Map.entry("MQTT_PROTOCOL_VERSION", "5"),
            Map.entry("DRAIN_TIMEOUT_SECS", "7"));
  }

  @Test
  void aSinkWithAReplacedSettingAndAMapThatIsACopy() {
    ConnectorEnv sink =
        ConnectorEnv.of("snk", "snk-1", "http://d:1", 1)
            .sink("/iot/cmd", "out/{attr.device}")
            .with("METRICS_PORT", "9400");
    Map<String, String> first = sink.map();
    first.remove("DANUBE_TOPICS");

    assertThat(sink.map())
        .containsEntry("DANUBE_TOPICS", "/iot/cmd")
        .containsEntry("MQTT_TOPIC_TEMPLATE", "out/{attr.device}")
        .containsEntry("METRICS_PORT", "9400");
  }
}
