/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.cli.ShutdownSignal;
import io.dsm.testsupport.ConnectorEnv;
import io.dsm.testsupport.FreePorts;
import io.dsm.testsupport.JvmProcess;
import io.dsm.testsupport.Signal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run command end to end: embedded HiveMQ CE, in-memory Danube over real TCP gRPC. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunCommandIT {
  @RegisterExtension static final EmbeddedBrokers BROKERS = new EmbeddedBrokers();

  /** A shutdown signal the test triggers instead of SIGTERM. */
  static final class TestShutdown implements ShutdownSignal {
    final CompletableFuture<Void> requested = new CompletableFuture<>();
    final CompletableFuture<Integer> done = new CompletableFuture<>();

    @Override
    public CompletableFuture<Void> install(Duration grace) {
      return requested;
    }

    @Override
    public void commandDone(int exitCode) {
      done.complete(exitCode);
    }
  }

  static Map<String, String> env(String clientId, int port, String danubeUrl) {
    return ConnectorEnv.of("it-" + clientId, clientId, danubeUrl, port)
        .with("MQTT_TOPICS", "sensors/#")
        .drainTimeoutSecs(5)
        .map();
  }

  /** Runs Main on another thread, as the JVM's main thread would. */
  static CompletableFuture<Integer> runAsync(
      Map<String, String> env, TestShutdown shutdown, ByteArrayOutputStream err) {
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream outStream = new PrintStream(new ByteArrayOutputStream(), true);
    CompletableFuture<Integer> code = new CompletableFuture<>();
    Thread main =
        new Thread(
            () ->
                code.complete(Main.run(new String[] {"run"}, env, outStream, errStream, shutdown)),
            "it-main");
    main.start();
    return code;
  }

  @Test
  void deliversMessagesUntilStoppedThenExits0() throws Exception {
    Mqtt3BlockingClient publisher =
        Mqtt3Client.builder()
            .identifier("it-publisher")
            .serverHost("127.0.0.1")
            .serverPort(BROKERS.mqttPort())
            .buildBlocking();
    publisher.connect();
    // Retained, so the connector receives it as soon as it subscribes: no timing guesswork.
    publisher
        .publishWith()
        .topic("sensors/temp")
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(true)
        .payload("retained-1".getBytes(StandardCharsets.UTF_8))
        .send();

    TestShutdown shutdown = new TestShutdown();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> code =
        runAsync(env("it-run", BROKERS.mqttPort(), BROKERS.danube().serviceUrl()), shutdown, err);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> payloads("/mqtt/sensors_all").contains("retained-1"));
    publisher
        .publishWith()
        .topic("sensors/humidity/zone1")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("live-2".getBytes(StandardCharsets.UTF_8))
        .send();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> payloads("/mqtt/sensors_all").contains("live-2"));
    assertThat(code).isNotDone();

    shutdown.requested.complete(null);

    assertThat(code.get(60, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    assertThat(shutdown.done.getNow(-1)).isEqualTo(ExitCodes.OK);
    publisher.disconnect();
  }

  @Test
  void aSchemaSubjectMissingWithoutAutoRegisterExits78(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("sensor.json"),
        "{\"type\":\"object\",\"required\":[\"temp\"]}",
        StandardCharsets.UTF_8);
    Path toml =
        java.nio.file.Files.writeString(
            dir.resolve("connector.toml"),
            String.join(
                "\n",
                "[[mqtt.routes]]",
                "from = \"sensors/#\"",
                "to = \"/mqtt/checked\"",
                "",
                "[[schemas]]",
                "topic = \"/mqtt/checked\"",
                "subject = \"never-registered\"",
                "schema_type = \"json_schema\"",
                "schema_file = \"" + dir.resolve("sensor.json") + "\"",
                "auto_register = false",
                ""),
            StandardCharsets.UTF_8);
    Map<String, String> env = env("it-schema", BROKERS.mqttPort(), BROKERS.danube().serviceUrl());
    env.remove("MQTT_TOPICS");
    env.put("CONNECTOR_CONFIG_PATH", toml.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    CompletableFuture<Integer> code = runAsync(env, new TestShutdown(), err);

    assertThat(code.get(90, TimeUnit.SECONDS)).isEqualTo(78); // EX_CONFIG
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("never-registered")
        .contains("auto_register");
  }

  @Test
  void unreachableMqttBrokerExits69() throws Exception {
    TestShutdown shutdown = new TestShutdown();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> code =
        runAsync(env("it-no-mqtt", FreePorts.find(), BROKERS.danube().serviceUrl()), shutdown, err);

    assertThat(code.get(90, TimeUnit.SECONDS)).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("danube-source-mqtt: cannot start: ");
  }

  @Test
  void sigtermInASeparateProcessDrainsAndExits0() throws Exception {
    try (JvmProcess process =
        JvmProcess.mainClass(Main.class)
            .name("it-sigterm")
            .jvmOptions("-Xmx128m")
            .env(env("it-sigterm", BROKERS.mqttPort(), BROKERS.danube().serviceUrl()))
            .mergeStderr()
            .start()) {
      process.awaitLine("connector it-it-sigterm running", Duration.ofSeconds(60));

      process.signal(Signal.TERM);

      int exit = process.awaitExit(Duration.ofSeconds(60));
      assertThat(exit).as(process.output()).isEqualTo(ExitCodes.OK);
      assertThat(process.output())
          .as(process.output())
          .contains("stop requested", "connector it-it-sigterm stopped");
    }
  }

  static java.util.List<String> payloads(String topic) {
    return BROKERS.danube().topic(topic).messages().stream()
        .map(StoredMessage::payloadUtf8)
        .toList();
  }
}
