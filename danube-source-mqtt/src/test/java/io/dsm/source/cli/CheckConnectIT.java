/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.testsupport.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --connect} through {@link Main#run}: an embedded HiveMQ CE and the in-memory Danube
 * over real TCP. (The TLS, mutual TLS, password and token refusals, with their messages, are proven
 * against Mosquitto and the testkit in the connector module's MqttSecurityInteropIT and
 * DanubeSecurityIT, which run the same checks.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckConnectIT {
  @RegisterExtension static final EmbeddedBrokers BROKERS = new EmbeddedBrokers();

  @Test
  void reachableBrokersPassAndEachResultIsPrinted() {
    Map<String, String> env =
        RunCommandIT.env("check-ok", BROKERS.mqttPort(), BROKERS.danube().serviceUrl());
    env.put("MQTT_USERNAME", "reader");
    env.put("MQTT_PASSWORD", "pw-check-not-printed");

    MainTest.Result r = MainTest.run(env, "check", "--connect");

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains(
            "MQTT ok: MQTT broker 127.0.0.1:"
                + BROKERS.mqttPort()
                + " accepted client id 'check-ok-check' (MQTT 3.1.1, no TLS, user 'reader')")
        .contains("Danube ok: " + BROKERS.danube().serviceUrl() + " answered")
        .contains("  Danube topic /mqtt/sensors_all: did not exist; created now, as start would");
    assertThat(r.out() + r.err()).doesNotContain("pw-check-not-printed");
  }

  @Test
  void anUnreachableMqttBrokerExits69WithOneLine() throws Exception {
    int closed = FreePorts.find();

    MainTest.Result r =
        MainTest.run(
            RunCommandIT.env("check-nomqtt", closed, BROKERS.danube().serviceUrl()),
            "check",
            "--connect");

    assertThat(r.code()).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);
    assertThat(r.err().lines().filter(l -> l.startsWith("MQTT FAILED: ")).toList())
        .containsExactly(
            "MQTT FAILED: cannot connect to MQTT broker 127.0.0.1:"
                + closed
                + " as client id 'check-nomqtt-check': cannot reach the broker: Connection refused:"
                + " /127.0.0.1:"
                + closed);
    assertThat(r.out()).contains("Danube ok: "); // both are checked in one run
    assertThat(r.err()).doesNotContain("\tat "); // no stack trace
  }

  @Test
  void anUnreachableDanubeExits69WithOneLine() throws Exception {
    String nowhere = "http://127.0.0.1:" + FreePorts.find();

    MainTest.Result r =
        MainTest.run(
            RunCommandIT.env("check-nodanube", BROKERS.mqttPort(), nowhere),
            "check",
            "--connect",
            "--connect-timeout",
            "2");

    assertThat(r.code()).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);
    assertThat(r.out()).contains("MQTT ok: ");
    assertThat(r.err().lines().filter(l -> l.startsWith("Danube FAILED: ")).toList())
        .singleElement()
        .asString()
        .startsWith("Danube FAILED: cannot use Danube at " + nowhere + ": ");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void theDeadLetterTopicAndTheSchemaSubjectsAreLookedUp(@TempDir Path dir) throws Exception {
    Map<String, String> env =
        withSchema(dir, "check-dlq", "check-registered-subject", false, "/mqtt/check_dlq");
    try (DanubeClient client =
        DanubeClients.create(DanubeClientConfig.of(BROKERS.danube().serviceUrl()))) {
      client
          .schemaRegistry()
          .register("check-registered-subject", "string", "")
          .get(30, TimeUnit.SECONDS);
    }

    MainTest.Result r = MainTest.run(env, "check", "--connect");

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains(
            "  Danube dead-letter topic /mqtt/check_dlq: does not exist yet (created at start)")
        .contains(
            "  schema subject 'check-registered-subject' of Danube topic /mqtt/checked_schema:"
                + " version 1 registered");
  }

  @Test
  void aSchemaSubjectMissingWithoutAutoRegisterExits78AsStartWould(@TempDir Path dir)
      throws Exception {
    MainTest.Result missing =
        MainTest.run(
            withSchema(dir, "check-subject", "never-registered-check", false, null),
            "check",
            "--connect");
    MainTest.Result autoRegistered =
        MainTest.run(
            withSchema(dir, "check-subject-auto", "registered-at-start", true, null),
            "check",
            "--connect");

    assertThat(missing.code()).as(missing.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(missing.err())
        .contains(
            "Danube FAILED: schema subject 'never-registered-check' of Danube topic"
                + " /mqtt/checked_schema is not registered")
        .contains("auto_register is false");
    assertThat(autoRegistered.code()).as(autoRegistered.err()).isEqualTo(ExitCodes.OK);
    assertThat(autoRegistered.out())
        .contains(
            "schema subject 'registered-at-start' of Danube topic /mqtt/checked_schema: not"
                + " registered yet (registered at start: auto_register)");
  }

  /**
   * One route to /mqtt/checked_schema with a string schema subject, optionally a dead-letter topic.
   */
  private static Map<String, String> withSchema(
      Path dir, String name, String subject, boolean autoRegister, String deadLetterTopic)
      throws Exception {
    Path toml =
        Files.writeString(
            dir.resolve(name + ".toml"),
            String.join(
                "\n",
                "[[mqtt.routes]]",
                "from = \"sensors/#\"",
                "to = \"/mqtt/checked_schema\"",
                "",
                "[[schemas]]",
                "topic = \"/mqtt/checked_schema\"",
                "subject = \"" + subject + "\"",
                "schema_type = \"string\"",
                "auto_register = " + autoRegister,
                ""),
            StandardCharsets.UTF_8);
    Map<String, String> env =
        RunCommandIT.env(name, BROKERS.mqttPort(), BROKERS.danube().serviceUrl());
    env.remove("MQTT_TOPICS");
    env.put("CONNECTOR_CONFIG_PATH", toml.toString());
    if (deadLetterTopic != null) {
      env.put("DEAD_LETTER_TOPIC", deadLetterTopic);
    }
    return env;
  }

  @Test
  void aTargetInAMissingNamespaceExits78NamingIt() {
    Map<String, String> env =
        RunCommandIT.env("check-ns", BROKERS.mqttPort(), BROKERS.danube().serviceUrl());
    env.put("MQTT_DANUBE_TOPIC", "/nowhere_ns/data");

    MainTest.Result r = MainTest.run(env, "check", "--connect");

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(r.err()).contains("Danube FAILED: ").contains("namespace nowhere_ns does not exist");
  }

  @Test
  void withTheAdminUrlTheNamespacesAreCheckedWithoutCreatingAnything() {
    Map<String, String> env =
        RunCommandIT.env("check-admin", BROKERS.mqttPort(), BROKERS.danube().serviceUrl());
    env.put("MQTT_DANUBE_TOPIC", "/also_missing/data");
    env.put("DANUBE_ADMIN_URL", BROKERS.danube().adminUrl());

    MainTest.Result r = MainTest.run(env, "check", "--connect");

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(r.err()).contains("namespace also_missing does not exist");
    assertThat(BROKERS.danube().topics()).noneMatch(t -> t.startsWith("/also_missing/"));
  }

  @Test
  void anUnusableTlsFileExits78WithoutConnecting(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path notPem = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
    Map<String, String> env = RunCommandIT.env("check-tls", FreePorts.find(), "http://127.0.0.1:1");
    env.put("MQTT_USE_TLS", "true");
    env.put("MQTT_TLS_CA_FILE", notPem.toString());

    MainTest.Result r = MainTest.run(env, "check");

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(r.err()).contains("MQTT_TLS_CA_FILE " + notPem + " holds no PEM certificate");
  }

  @Test
  void withoutConnectNothingIsContacted() throws Exception {
    MainTest.Result r =
        MainTest.run(
            RunCommandIT.env("check-offline", FreePorts.find(), "http://127.0.0.1:1"), "check");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).doesNotContain("MQTT ok").doesNotContain("Danube ok");
  }
}
