/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.runtime.cli.ExitCodes;
import io.dsm.testsupport.ConnectorEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Main.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** No MQTT broker listens on port 1: "run" cannot start; the other commands do not connect. */
  private static Map<String, String> env() {
    return ConnectorEnv.of("cmd-sink", "cmd-sink-1", "http://127.0.0.1:6650", 1)
        .sink("/iot/commands", "devices/{attr.device}/cmd")
        .with("MQTT_USERNAME", "sink")
        .with("MQTT_PASSWORD", "s3cret")
        .map();
  }

  @Test
  void checkListsTheRoutes() {
    assertThat(run(env(), "check")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("configuration OK: 1 route")
        .contains("/iot/commands -> devices/{attr.device}/cmd (QoS 1)");
  }

  @Test
  void invalidConfigurationExits78WithEveryProblem() {
    Map<String, String> env = env();
    env.remove("DANUBE_TOPICS");
    env.put("MQTT_QOS", "3");
    assertThat(run(env, "check")).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("danube-sink-mqtt: invalid configuration (2 problems)")
        .contains("DANUBE_TOPICS")
        .contains("MQTT_QOS");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run(env(), "check", "--bogus")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Try 'danube-sink-mqtt --help'");
  }

  @Test
  void printConfigHidesSecretsAndShowsSources() {
    assertThat(run(env(), "print-config", "--danube-topics", "/iot/other")).isEqualTo(ExitCodes.OK);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("s3cret").contains("[hidden]");
    assertThat(text).contains("/iot/other -> devices/{attr.device}/cmd");
    assertThat(text).contains("DANUBE_SUBSCRIPTION");
  }

  @Test
  void runWithAnUnreachableMqttBrokerExits69() {
    assertThat(run(env(), "run")).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot start");
  }
}
