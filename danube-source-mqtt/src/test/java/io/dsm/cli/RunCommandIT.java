/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The run command end to end: embedded HiveMQ CE, in-memory Danube over real TCP gRPC. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunCommandIT {
  @TempDir static Path hivemqDir;
  static DemoMqttBroker hivemq;
  static int mqttPort;
  static InMemoryDanubeBroker danube;

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

  @BeforeAll
  static void brokers() throws Exception {
    // The demo's embedded broker: one HiveMQ CE set-up for the whole module.
    hivemq = DemoMqttBroker.start(hivemqDir, 0, "none", topic -> {});
    mqttPort = hivemq.port();
    danube = InMemoryDanubeBroker.builder().start();
    danube.createNamespace("mqtt");
  }

  @AfterAll
  static void stopBrokers() throws Exception {
    if (danube != null) {
      danube.close();
    }
    if (hivemq != null) {
      hivemq.close();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static Map<String, String> env(String clientId, int port, String danubeUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("DANUBE_SERVICE_URL", danubeUrl);
    env.put("CONNECTOR_NAME", "it-" + clientId);
    env.put("MQTT_BROKER_HOST", "127.0.0.1");
    env.put("MQTT_BROKER_PORT", Integer.toString(port));
    env.put("MQTT_CLIENT_ID", clientId);
    env.put("MQTT_TOPICS", "sensors/#");
    env.put("METRICS_PORT", "0");
    env.put("DRAIN_TIMEOUT_SECS", "5");
    return env;
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
            .serverPort(mqttPort)
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
        runAsync(env("it-run", mqttPort, danube.serviceUrl()), shutdown, err);

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
  void unreachableMqttBrokerExits69() throws Exception {
    TestShutdown shutdown = new TestShutdown();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> code =
        runAsync(env("it-no-mqtt", freePort(), danube.serviceUrl()), shutdown, err);

    assertThat(code.get(90, TimeUnit.SECONDS)).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("danube-source-mqtt: cannot start: ");
  }

  @Test
  void sigtermInASeparateProcessDrainsAndExits0() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true);
    builder.environment().putAll(env("it-sigterm", mqttPort, danube.serviceUrl()));
    Process process = builder.start();
    StringBuffer output = new StringBuffer();
    Thread reader =
        new Thread(
            () -> {
              try (var in =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(
                          process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(line -> output.append(line).append('\n'));
              } catch (IOException e) {
                output.append("read failed: ").append(e);
              }
            },
            "it-process-output");
    reader.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> output.indexOf("connector it-it-sigterm running") >= 0);

      // SIGTERM. Process.destroy() would also close our end of the output pipe, hiding what the
      // connector logs while it drains.
      process.toHandle().destroy();

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(process.exitValue()).as(output.toString()).isEqualTo(ExitCodes.OK);
      assertThat(output.toString())
          .as(output.toString())
          .contains("stop requested", "connector it-it-sigterm stopped");
    } finally {
      process.destroyForcibly();
    }
  }

  static java.util.List<String> payloads(String topic) {
    return danube.topic(topic).messages().stream().map(StoredMessage::payloadUtf8).toList();
  }
}
