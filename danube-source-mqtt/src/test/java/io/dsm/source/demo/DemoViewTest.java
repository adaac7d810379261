/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.testkit.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoViewTest {
  static final DemoView.Endpoints ENDPOINTS =
      new DemoView.Endpoints(1883, "http://127.0.0.1:6650", "demo-client", 0);

  static StoredMessage stored(String topic, String mqttTopic, byte[] payload) {
    return new StoredMessage(
        topic,
        0,
        1,
        "p",
        1,
        0,
        payload,
        Map.of(
            "mqtt.topic", mqttTopic,
            "mqtt.qos", "1",
            "mqtt.retain", "true",
            "source", "mqtt"),
        mqttTopic,
        null,
        null,
        0);
  }

  static DemoMonitor.Snapshot snapshot(StoredMessage external) {
    DemoRoute route = DemoRoute.ALL.get(0);
    StoredMessage last =
        stored("/iot/factory", "factory/line-1/sensors/temperature", "{\"value\":71.5}".getBytes());
    return new DemoMonitor.Snapshot(
        List.of(
            new DemoMonitor.RouteFigures(
                route,
                12,
                11,
                2.04,
                11,
                4_200,
                9_870,
                5,
                12_345,
                6,
                3_100,
                5_000,
                Optional.of(last))),
        external == null ? 0 : 1,
        Optional.ofNullable(external));
  }

  @Test
  void textPayloadIsShownAsTextAndCut() {
    assertThat(DemoView.preview("{\"a\":1}".getBytes(StandardCharsets.UTF_8), 20))
        .isEqualTo("{\"a\":1}");
    assertThat(DemoView.preview("line one\nline two".getBytes(StandardCharsets.UTF_8), 40))
        .isEqualTo("line one line two");
    assertThat(DemoView.preview("abcdefghijklmnop".getBytes(StandardCharsets.UTF_8), 8))
        .isEqualTo("abcdefg…")
        .hasSize(8);
    assertThat(DemoView.preview("grüße".getBytes(StandardCharsets.UTF_8), 20)).isEqualTo("grüße");
  }

  @Test
  void binaryPayloadIsShownAsHexWithItsSize() {
    byte[] frame = {0x56, 0x31, 0, 0, 0, 7, (byte) 0xff, (byte) 0x9c};
    assertThat(DemoView.preview(frame, 80)).isEqualTo("[binary, 8 bytes] hex 563100000007ff9c");
    assertThat(DemoView.preview(frame, 30))
        .isEqualTo("[binary, 8 bytes] hex 563100…")
        .hasSizeLessThanOrEqualTo(30);
    assertThat(DemoView.preview(new byte[] {(byte) 0xc3, 0x28}, 80))
        .as("invalid UTF-8")
        .startsWith("[binary, 2 bytes] hex c328");
    assertThat(DemoView.preview(new byte[0], 80)).isEqualTo("(empty)");
  }

  @Test
  void attributesAreSortedWithoutTheTopicShownElsewhere() {
    StoredMessage m = stored("/iot/sensors", "sensors/config", new byte[] {1});
    assertThat(DemoView.attributes(m))
        .isEqualTo("attributes mqtt.qos=1 mqtt.retain=true source=mqtt");
  }

  @Test
  void plainFrameIsOneLinePerRouteWithTheRecentP99() {
    DemoView view = new DemoView(false, ENDPOINTS);
    String frame = view.frame(snapshot(null), Duration.ofSeconds(75));
    assertThat(frame)
        .isEqualTo(
            "[00:01:15] factory/+/sensors/# -> /iot/factory: received 12, stored 11, 2.0 msg/s,"
                + " p99 (10 s) 12 ms, last factory/line-1/sensors/temperature {\"value\":71.5}\n");
  }

  @Test
  void plainFrameReportsTheLastExternalMessage() {
    DemoView view = new DemoView(false, ENDPOINTS);
    String frame =
        view.frame(
            snapshot(stored("/iot/sensors", "sensors/test", "hello".getBytes())),
            Duration.ofSeconds(3));
    assertThat(frame)
        .contains(
            "[00:00:03] from other MQTT clients: 1, last sensors/test -> /iot/sensors hello"
                + " attributes mqtt.qos=1 mqtt.retain=true source=mqtt\n");
  }

  @Test
  void ansiFrameClearsTheScreenOnceThenRedrawsInPlace() {
    DemoView view = new DemoView(true, ENDPOINTS);
    String first = view.frame(snapshot(null), Duration.ofSeconds(1));
    String second = view.frame(snapshot(null), Duration.ofSeconds(2));
    assertThat(first).startsWith("\u001b[H\u001b[2J").endsWith("\u001b[J");
    assertThat(second).startsWith("\u001b[H").doesNotContain("\u001b[2J").endsWith("\u001b[J");
    // Every line clears its rest, so a shorter line leaves nothing of the previous frame behind.
    assertThat(second.split("\n")).allSatisfy(line -> assertThat(line).contains("\u001b[K"));
    assertThat(second)
        .contains("running 00:00:02")
        .contains("in-memory TEST broker (danube-testkit), not a production Danube")
        .contains("factory/+/sensors/# -> /iot/factory")
        .contains("attributes mqtt.qos=1 mqtt.retain=true source=mqtt");
  }

  @Test
  void ansiFrameFitsAn80By24TerminalWithTheCommandsToTry() {
    DemoView view =
        new DemoView(true, new DemoView.Endpoints(41883, "http://127.0.0.1:46650", "c", 49090));
    String frame =
        view.frame(
            snapshot(
                stored("/iot/sensors", "sensors/" + "x".repeat(90), "y".repeat(200).getBytes())),
            Duration.ofHours(2));
    String visible = frame.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
    List<String> lines = List.of(visible.split("\n", -1));
    assertThat(lines)
        .hasSizeLessThanOrEqualTo(24)
        .allSatisfy(l -> assertThat(l).hasSizeLessThan(80));
    assertThat(visible)
        .contains("mosquitto_pub -h 127.0.0.1 -p 41883 -t sensors/test -m hello")
        .contains("bin/danube-cli consume --service-url http://127.0.0.1:46650 \\\n")
        .contains("--topic /iot/sensors --subscription demo")
        .contains("running 02:00:00");
  }

  @Test
  void theConsumeCommandNamesEverythingDanubeCliRequires() {
    assertThat(new DemoView(false, ENDPOINTS).consumeCommand())
        .isEqualTo(
            "bin/danube-cli consume --service-url http://127.0.0.1:6650 --topic /iot/sensors"
                + " --subscription demo");
  }

  @Test
  void introTellsHowToPublishAndWhereItArrives() {
    String intro = new DemoView(false, ENDPOINTS).intro();
    assertThat(intro)
        .contains("mosquitto_pub -h 127.0.0.1 -p 1883 -t sensors/test -m hello")
        .contains("/iot/sensors")
        .contains("http://127.0.0.1:6650: in-memory TEST broker (danube-testkit)")
        .doesNotContain("/metrics");
    assertThat(new DemoView(false, new DemoView.Endpoints(1, "u", "c", 9090)).intro())
        .contains("http://127.0.0.1:9090/metrics");
  }

  @Test
  void summaryGivesWholeRunAndAfterWarmUpLatencyPerRoute() {
    assertThat(DemoView.summary(snapshot(null), Duration.ofSeconds(30)))
        .isEqualTo(
            "demo stopped after 00:00:30; per route, messages the connector received from MQTT"
                + " and messages stored in Danube:\n"
                + "  factory/+/sensors/# -> /iot/factory: received 12, stored 11, latency p50"
                + " 4.20 ms, p99 9.87 ms\n"
                + "    after the first 10 s (warm-up): p50 3.10 ms, p99 5.00 ms (6 messages)\n"
                + "  messages from other MQTT clients: 0\n");
  }
}
