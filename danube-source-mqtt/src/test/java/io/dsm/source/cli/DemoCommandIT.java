/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.testsupport.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo command end to end through {@link Main#run}: embedded HiveMQ CE, the connector and the
 * in-memory Danube test broker in this JVM, over real TCP on 127.0.0.1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoCommandIT {
  private static final Pattern SUMMARY_LINE =
      Pattern.compile("^  (\\S+) -> (/\\S+): received (\\d+), stored (\\d+),", Pattern.MULTILINE);

  /** One route's line of the closing summary. */
  record Counts(String filter, String danubeTopic, long received, long stored) {}

  static List<Counts> summary(String out) {
    String tail = out.substring(out.indexOf("demo stopped after"));
    List<Counts> counts = new ArrayList<>();
    Matcher m = SUMMARY_LINE.matcher(tail);
    while (m.find()) {
      counts.add(
          new Counts(
              m.group(1), m.group(2), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
    }
    return counts;
  }

  /** Runs Main on another thread, as the JVM's main thread would. */
  static CompletableFuture<Integer> runAsync(
      RunCommandIT.TestShutdown shutdown, ByteArrayOutputStream out, String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CompletableFuture<Integer> code = new CompletableFuture<>();
    Thread main =
        new Thread(() -> code.complete(Main.run(args, Map.of(), o, e, shutdown)), "it-demo-main");
    main.start();
    return code;
  }

  @Test
  void boundedRunDeliversEveryRouteAndExits0() throws Exception {
    RunCommandIT.TestShutdown shutdown = new RunCommandIT.TestShutdown();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int code =
        runAsync(shutdown, out, "demo", "--duration", "4s", "--rate", "5")
            .get(90, TimeUnit.SECONDS);

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isEqualTo(ExitCodes.OK);
    assertThat(shutdown.done.getNow(-1)).isEqualTo(ExitCodes.OK);
    assertThat(text)
        .contains("in-memory TEST broker (danube-testkit), not a production Danube")
        .contains("mosquitto_pub -h 127.0.0.1 -p ");
    // Captured output is not a terminal: plain lines, no escape sequences.
    assertThat(text).doesNotContain("\u001b[");
    List<Counts> routes = summary(text);
    assertThat(routes)
        .extracting(Counts::danubeTopic)
        .containsExactly("/iot/factory", "/iot/devices", "/iot/fleet", "/iot/sensors");
    for (Counts route : routes) {
      assertThat(route.received()).as(route.toString()).isPositive();
      // QoS 1 and a drained shutdown: everything the connector received was stored, once.
      assertThat(route.stored()).as(route.toString()).isEqualTo(route.received());
    }
    assertThat(text).contains("messages from other MQTT clients: 0");
  }

  @Test
  void commandsFromDanubeReachTheSimulatedDeviceThroughTheSink() throws Exception {
    RunCommandIT.TestShutdown shutdown = new RunCommandIT.TestShutdown();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int code =
        runAsync(shutdown, out, "demo", "--commands", "--duration", "5s").get(90, TimeUnit.SECONDS);

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isEqualTo(ExitCodes.OK);
    // The first command leaves after 1 s; it must cross Danube and the sink to the device.
    assertThat(text)
        .contains("command -> Danube /iot/commands: 'reboot' for device d1")
        .contains(
            "device  <- MQTT devices/d1/cmd: 'reboot' (Danube /iot/commands -> sink -> MQTT)");
  }

  @Test
  void messageFromAnExternalClientArrivesAndAStopRequestExits0() throws Exception {
    int port = FreePorts.find();
    RunCommandIT.TestShutdown shutdown = new RunCommandIT.TestShutdown();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Integer> code =
        runAsync(shutdown, out, "demo", "--plain", "--mqtt-port", Integer.toString(port));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> out.toString(StandardCharsets.UTF_8).contains("[00:00:00] sensors/#"));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("mosquitto_pub -h 127.0.0.1 -p " + port + " -t sensors/test -m hello");
    Mqtt3BlockingClient client =
        Mqtt3Client.builder()
            .identifier("it-external")
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildBlocking();
    client.connect();
    client
        .publishWith()
        .topic("sensors/test")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("hello".getBytes(StandardCharsets.UTF_8))
        .send();
    client.disconnect();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                out.toString(StandardCharsets.UTF_8)
                    .contains(
                        "from other MQTT clients: 1, last sensors/test -> /iot/sensors hello"));
    assertThat(code).isNotDone();

    shutdown.requested.complete(null);

    String text;
    assertThat(code.get(60, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("messages from other MQTT clients: 1");
    for (Counts route : summary(text)) {
      assertThat(route.stored()).as(route.toString()).isEqualTo(route.received());
    }
  }

  @Test
  void takenMqttPortIsReportedAndExits1() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
          PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        code =
            Main.run(
                new String[] {"demo", "--mqtt-port", Integer.toString(taken.getLocalPort())},
                Map.of(),
                o,
                e,
                new RunCommandIT.TestShutdown());
      }
      assertThat(code).isEqualTo(ExitCodes.FAILURE);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("--mqtt-port " + taken.getLocalPort(), "already in use");
    }
  }
}
