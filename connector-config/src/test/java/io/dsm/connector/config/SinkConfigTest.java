/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkConfigTest {
  static Map<String, String> base() {
    Map<String, String> env = new HashMap<>();
    env.put("DANUBE_SERVICE_URL", "http://127.0.0.1:6650");
    env.put("CONNECTOR_NAME", "cmd-sink");
    env.put("MQTT_BROKER_HOST", "127.0.0.1");
    env.put("MQTT_CLIENT_ID", "cmd-sink-1");
    return env;
  }

  static List<String> problems(Map<String, String> env) {
    try {
      ConfigLoader.loadSink(EnvSource.of(env), Map.of());
      throw new AssertionError("no problems");
    } catch (InvalidConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
  }

  @Test
  void danubeTopicsWithTheDefaults() throws Exception {
    Map<String, String> env = base();
    env.put("DANUBE_TOPICS", "/iot/commands, /iot/config");
    SinkSettings s = ConfigLoader.loadSink(EnvSource.of(env), Map.of()).settings();
    assertThat(s.routes())
        .containsExactly(
            new SinkRouteSettings("/iot/commands", "{attr.mqtt.topic}", 1),
            new SinkRouteSettings("/iot/config", "{attr.mqtt.topic}", 1));
    assertThat(s.subscription()).as("defaults to the connector name").isEqualTo("cmd-sink");
    assertThat(s.subscriptionType()).isEqualTo(SinkSubscriptionType.SHARED);
    assertThat(s.retain()).isEqualTo(RetainMode.FALSE);
    assertThat(s.maxInFlight()).isEqualTo(64);
    assertThat(s.markPublished()).isTrue();
    assertThat(s.mqtt().port()).isEqualTo(1883);
  }

  @Test
  void sinkSettingsAreParsed() throws Exception {
    Map<String, String> env = base();
    env.put("DANUBE_TOPICS", "/iot/commands");
    env.put("DANUBE_SUBSCRIPTION", "cmds");
    env.put("DANUBE_SUBSCRIPTION_TYPE", "key-shared");
    env.put("MQTT_TOPIC_TEMPLATE", "devices/{attr.device}/cmd");
    env.put("MQTT_QOS", "2");
    env.put("MQTT_RETAIN", "preserve");
    env.put("MAX_IN_FLIGHT", "7");
    env.put("DEAD_LETTER_TOPIC", "/iot/dlq");
    SinkSettings s = ConfigLoader.loadSink(EnvSource.of(env), Map.of()).settings();
    assertThat(s.routes())
        .containsExactly(new SinkRouteSettings("/iot/commands", "devices/{attr.device}/cmd", 2));
    assertThat(s.subscription()).isEqualTo("cmds");
    assertThat(s.subscriptionType()).isEqualTo(SinkSubscriptionType.KEY_SHARED);
    assertThat(s.retain()).isEqualTo(RetainMode.PRESERVE);
    assertThat(s.maxInFlight()).isEqualTo(7);
    assertThat(s.deadLetterTopic()).isEqualTo("/iot/dlq");
  }

  @Test
  void everyProblemIsReportedWithItsKey() {
    Map<String, String> env = base();
    env.put("MQTT_TOPIC_TEMPLATE", "a/{nope}");
    env.put("DANUBE_SUBSCRIPTION_TYPE", "sometimes");
    env.put("MQTT_RETAIN", "maybe");
    List<String> problems = problems(env);
    assertThat(String.join("\n", problems))
        .contains("MQTT_TOPIC_TEMPLATE", "{nope}")
        .contains("DANUBE_SUBSCRIPTION_TYPE")
        .contains("MQTT_RETAIN")
        .contains("DANUBE_TOPICS");
  }

  @Test
  void theSourceOnlySettingsAreNotSinkSettings() {
    Map<String, String> env = base();
    env.put("DANUBE_TOPICS", "/iot/commands");
    env.put("MQTT_TOPICS", "sensors/#");
    assertThat(assertWarnings(env))
        .anyMatch(w -> w.startsWith("MQTT_TOPICS is set in the environment but is not a setting"));
  }

  private static List<String> assertWarnings(Map<String, String> env) {
    try {
      return ConfigLoader.loadSink(EnvSource.of(env), Map.of()).warnings();
    } catch (InvalidConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void tomlRoutes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sink.toml");
    Files.writeString(
        file,
        """
        [sink]
        subscription_type = "exclusive"

        [[sink.routes]]
        from = "/iot/commands"
        to = "devices/{attr.device}/cmd"

        [[sink.routes]]
        from = "/iot/echo"
        qos = 0
        """,
        StandardCharsets.UTF_8);
    Map<String, String> env = base();
    env.put("CONNECTOR_CONFIG_PATH", file.toString());
    SinkSettings s = ConfigLoader.loadSink(EnvSource.of(env), Map.of()).settings();
    assertThat(s.routes())
        .containsExactly(
            new SinkRouteSettings("/iot/commands", "devices/{attr.device}/cmd", 1),
            new SinkRouteSettings("/iot/echo", "{attr.mqtt.topic}", 0));
    assertThat(s.subscriptionType()).isEqualTo(SinkSubscriptionType.EXCLUSIVE);
  }

  @Test
  void tomlRouteProblemsNameTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sink.toml");
    Files.writeString(
        file,
        """
        [[sink.routes]]
        to = "x/{attr.y}"
        colour = "red"
        """,
        StandardCharsets.UTF_8);
    Map<String, String> env = base();
    env.put("CONNECTOR_CONFIG_PATH", file.toString());
    assertThatThrownBy(() -> ConfigLoader.loadSink(EnvSource.of(env), Map.of()))
        .hasMessageContaining("sink.routes[0]")
        .hasMessageContaining("'from'")
        .hasMessageContaining("colour");
  }
}
