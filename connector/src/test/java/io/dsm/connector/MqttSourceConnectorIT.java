/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static io.dsm.connector.TestSettings.connector;
import static io.dsm.connector.TestSettings.route;
import static io.dsm.connector.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.RouteSettings;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.testsupport.EmbeddedHiveMqExtension;
import io.dsm.testsupport.FreePorts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connector end to end: embedded HiveMQ CE → connector → in-memory Danube, all over TCP. */
@Timeout(60)
class MqttSourceConnectorIT extends ConnectorItBase {
  @RegisterExtension static final EmbeddedHiveMqExtension MQTT = new EmbeddedHiveMqExtension();

  private static final Duration WAIT = Duration.ofSeconds(15);

  MqttSourceConnectorIT() {
    super("conn-");
  }

  private ConnectorSettings settingsFor(int maxInFlight, boolean clean, RouteSettings... routes) {
    return settings(
        MQTT.host(),
        MQTT.port(),
        clientId,
        clean,
        danube.serviceUrl(),
        maxInFlight,
        List.of(routes));
  }

  private MqttSourceConnector started(ConnectorSettings s, Duration budget) throws Exception {
    return started(s, connector(s, budget));
  }

  private TestPublisher publisher() {
    TestPublisher p = new TestPublisher(MQTT.host(), MQTT.port());
    toClose.add(p);
    return p;
  }

  @Test
  void seedExampleDeliversExactBytesAttributesAndRoutingKey() throws Exception {
    TestPublisher pub = publisher();
    byte[] retained = "{\"interval\": 60}".getBytes(StandardCharsets.UTF_8);
    pub.publish("sensors/config", retained, 1, true); // retained before the connector subscribes
    MqttSourceConnector c =
        started(
            settingsFor(
                16,
                true,
                route("sensors/#", "/iot/data", 1),
                route("devices/+/telemetry", "/iot/data", 1)),
            Duration.ofSeconds(10));

    byte[] json = "{\"value\": 23.5, \"unit\": \"C\"}".getBytes(StandardCharsets.UTF_8);
    byte[] binary = {0, (byte) 0xFF, (byte) 0xC3, 0x28, 0x7F, (byte) 0x80, 0};
    pub.publish("devices/d1/status", "not routed".getBytes(StandardCharsets.UTF_8), 1, false);
    pub.publish("other/topic", "not routed".getBytes(StandardCharsets.UTF_8), 1, false);
    pub.publish("sensors/factory1/temperature", json, 1, false);
    pub.publish("sensors/binary", binary, 1, false);
    pub.publish("sensors/empty", new byte[0], 1, false);
    pub.publish("devices/d7/telemetry", "last".getBytes(StandardCharsets.UTF_8), 1, false);

    // The last one arrived, so the earlier non-matching ones would have too.
    Map<String, StoredMessage> byTopic = awaitByRoutingKey("/iot/data", 5, WAIT);
    assertThat(byTopic)
        .containsOnlyKeys(
            "sensors/config",
            "sensors/factory1/temperature",
            "sensors/binary",
            "sensors/empty",
            "devices/d7/telemetry");
    assertThat(byTopic.get("sensors/config").payload()).isEqualTo(retained);
    assertThat(byTopic.get("sensors/config").attributes()).containsEntry("mqtt.retain", "true");
    assertThat(byTopic.get("sensors/binary").payload()).isEqualTo(binary);
    assertThat(byTopic.get("sensors/empty").payload()).isEmpty();
    StoredMessage temp = byTopic.get("sensors/factory1/temperature");
    assertThat(temp.payload()).isEqualTo(json);
    assertThat(temp.attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "mqtt.topic", "sensors/factory1/temperature",
                "mqtt.qos", "1",
                "mqtt.retain", "false",
                "mqtt.dup", "false",
                "source", "mqtt"));
    assertThat(temp.producerName()).isEqualTo("it-connector-iot_data");
    await().atMost(WAIT).until(() -> c.stats().processed() == 5);
    assertThat(c.backlog().inFlight()).isZero();
  }

  @Test
  void multipleRoutesReachTheirTopicsAndPartitionByMqttTopic() throws Exception {
    MqttSourceConnector c =
        started(
            settingsFor(
                16,
                true,
                route("plant/a/#", "/mr/alpha", 1),
                new RouteSettings("plant/b/#", "/mr/beta", 1, 3, true),
                route("plant/c/+", "/mr/gamma", 0)),
            Duration.ofSeconds(10));
    TestPublisher pub = publisher();
    for (int i = 0; i < 4; i++) {
      pub.publish("plant/a/x", "a" + i, 1);
      pub.publish("plant/b/k" + (i % 2), "b" + i, 1);
      pub.publish("plant/c/y", "c" + i, 0);
    }
    assertThat(danube.topic("/mr/alpha").awaitMessages(4, WAIT))
        .extracting(StoredMessage::payloadUtf8)
        .containsExactly("a0", "a1", "a2", "a3");
    await()
        .atMost(WAIT)
        .until(
            () ->
                IntStream.range(0, 3)
                        .mapToLong(p -> danube.topic("/mr/beta-part-" + p).messageCount())
                        .sum()
                    == 4);
    for (int p = 0; p < 3; p++) {
      // One MQTT topic (= routing key) always lands on one partition.
      List<StoredMessage> part = danube.topic("/mr/beta-part-" + p).messages();
      assertThat(part.stream().map(StoredMessage::routingKey).distinct().count()).isLessThan(2);
    }
    assertThat(danube.topic("/mr/gamma").awaitMessages(4, WAIT))
        .extracting(StoredMessage::payloadUtf8)
        .containsExactly("c0", "c1", "c2", "c3");
    assertThat(danube.topic("/mr/gamma").messages().get(0).attributes())
        .containsEntry("mqtt.qos", "0");
    await().atMost(WAIT).until(() -> c.stats().processed() == 12);
  }

  /**
   * HiveMQ CE stops sending to a subscriber that has unacknowledged messages until they are
   * acknowledged, so live publishing would never fill the connector's window. Messages queued for a
   * persistent session while the connector is down arrive in one burst when it connects.
   */
  private MqttSourceConnector startedWithQueuedMessages(
      int maxInFlight, RouteSettings route, List<String> topics) throws Exception {
    return startedWithQueuedMessages(maxInFlight, route, topics, 1);
  }

  private MqttSourceConnector startedWithQueuedMessages(
      int maxInFlight, RouteSettings route, List<String> topics, int qos) throws Exception {
    ConnectorSettings s = settingsFor(maxInFlight, false, route);
    MqttSourceConnector first = started(s, Duration.ofSeconds(10));
    first.close(); // the persistent session (and its subscription) stays with the broker
    TestPublisher pub = publisher();
    for (int i = 0; i < topics.size(); i++) {
      pub.publish(topics.get(i), "m" + i, qos);
    }
    danube.faults().holdSends();
    return started(s, Duration.ofSeconds(30));
  }

  @Test
  void acknowledgesToMqttOnlyAfterDanubeAcknowledged() throws Exception {
    // Five MQTT topics = five routing keys: the producer keeps one send in flight per key.
    List<String> topics = IntStream.range(0, 5).mapToObj(i -> "ack/x" + i).toList();
    MqttSourceConnector c = startedWithQueuedMessages(16, route("ack/#", "/ack/t", 1), topics);
    // All five reached Danube and wait for its answer...
    await().atMost(WAIT).untilAsserted(() -> assertThat(danube.faults().heldSends()).isEqualTo(5));
    // ...and the broker has not seen a single PUBACK from the connector.
    assertThat(MQTT.pubAcksFrom(clientId)).isZero();
    assertThat(c.backlog().inFlight()).isEqualTo(5);

    danube.faults().releaseSends();
    await().atMost(WAIT).until(() -> MQTT.pubAcksFrom(clientId) == 5);
    assertThat(danube.topic("/ack/t").payloadsUtf8())
        .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
    assertThat(c.backlog().inFlight()).isZero();
  }

  @Test
  void qos2IsAcknowledgedWithPubrecOnlyAfterDanubeAcknowledged() throws Exception {
    List<String> topics = IntStream.range(0, 3).mapToObj(i -> "q2/x" + i).toList();
    MqttSourceConnector c = startedWithQueuedMessages(16, route("q2/#", "/q2/t", 2), topics, 2);
    await().atMost(WAIT).untilAsserted(() -> assertThat(danube.faults().heldSends()).isEqualTo(3));
    assertThat(MQTT.pubRecsFrom(clientId)).isZero();
    danube.faults().releaseSends();
    await().atMost(WAIT).until(() -> MQTT.pubRecsFrom(clientId) == 3);
    assertThat(danube.topic("/q2/t").messages())
        .allSatisfy(m -> assertThat(m.attributes()).containsEntry("mqtt.qos", "2"));
    assertThat(c.backlog().inFlight()).isZero();
  }

  @Test
  void holdsAtMostMaxInFlightOfABacklogUntilDanubeAcknowledges() throws Exception {
    int window = 5;
    int total = 40;
    List<String> topics = IntStream.range(0, total).mapToObj(i -> "bp/x" + (i % 8)).toList();
    MqttSourceConnector c = startedWithQueuedMessages(window, route("bp/#", "/bp/t", 1), topics);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(c.backlog().inFlight())
                    .as("%s", c.stats().snapshot())
                    .isEqualTo(window));
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(5))
        .until(() -> c.backlog().inFlight() <= window && c.stats().received() == window);
    assertThat(MQTT.pubAcksFrom(clientId)).isZero();

    danube.faults().releaseSends();
    List<StoredMessage> stored = danube.topic("/bp/t").awaitMessages(total, WAIT);
    assertThat(stored)
        .extracting(StoredMessage::payloadUtf8)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, total).mapToObj(i -> "m" + i).toList());
    assertThat(c.backlog().maxInFlightSeen()).isLessThanOrEqualTo(window);
    await().atMost(WAIT).until(() -> MQTT.pubAcksFrom(clientId) == total);
  }

  @Test
  void danubeUnavailableForSomeSendsLosesNothingAndKeepsOrder() throws Exception {
    MqttSourceConnector c =
        started(settingsFor(16, true, route("un/#", "/un/t", 1)), Duration.ofSeconds(10));
    danube.faults().failNextSends(6, "UNAVAILABLE", "testkit: broker restarting");
    TestPublisher pub = publisher();
    for (int i = 0; i < 10; i++) {
      pub.publish("un/x", "m" + i, 1);
    }
    assertThat(danube.topic("/un/t").awaitMessages(10, WAIT))
        .extracting(StoredMessage::payloadUtf8)
        .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "m" + i).toList());
    await().atMost(WAIT).until(() -> MQTT.pubAcksFrom(clientId) == 10);
    assertThat(c.stats().failed()).isZero();
    // the Danube client resent each of the six failed sends on its own; each one is counted
    assertThat(c.stats().retried()).isGreaterThanOrEqualTo(6);
  }

  @Test
  void anOutageLongerThanTheRetryBudgetKeepsEachTopicInOrderAndAcknowledgesNothingEarly()
      throws Exception {
    // The producer owns retries: a failed message stays at the head of its topic until Danube
    // stores it, however long past the client's 300 ms budget that is; nothing is resent behind
    // a newer message of its topic, nothing is acknowledged to MQTT before it is stored.
    // HiveMQ CE sends a subscriber one unacknowledged message at a time, so the messages are
    // queued for the persistent session and arrive in one burst at connect.
    ConnectorSettings s = settingsFor(16, false, route("rb/#", "/rb/t", 1));
    started(s, Duration.ofMillis(300)).close();
    TestPublisher pub = publisher();
    for (int i = 0; i < 4; i++) {
      for (int topic = 0; topic < 3; topic++) {
        pub.publish("rb/x" + topic, "x" + topic + "-" + i, 1);
      }
    }
    danube.faults().failNextSends(1_000_000, "UNAVAILABLE", "testkit: down");
    MqttSourceConnector c = started(s, Duration.ofMillis(300));
    // Well past the budget: every head message has been retried many times.
    await().atMost(WAIT).until(() -> c.stats().retried() >= 30);
    assertThat(danube.topic("/rb/t").messages()).isEmpty();
    assertThat(MQTT.pubAcksFrom(clientId)).isZero();
    assertThat(c.backlog().inFlight()).isEqualTo(12);

    danube.faults().reset();

    List<StoredMessage> stored = danube.topic("/rb/t").awaitMessages(12, Duration.ofSeconds(30));
    for (int topic = 0; topic < 3; topic++) {
      String key = "rb/x" + topic;
      int t = topic;
      assertThat(stored)
          .filteredOn(m -> key.equals(m.routingKeyIfPresent().orElse(null)))
          .extracting(StoredMessage::payloadUtf8)
          .containsExactly("x" + t + "-0", "x" + t + "-1", "x" + t + "-2", "x" + t + "-3");
    }
    assertThat(c.stats().failed()).isZero();
    await().atMost(WAIT).until(() -> MQTT.pubAcksFrom(clientId) == 12);
  }

  @Test
  void persistentSessionDeliversWhatWasPublishedWhileTheConnectorWasDown() throws Exception {
    ConnectorSettings s = settingsFor(16, false, route("ps/#", "/ps/t", 1));
    TestSettings.createNamespaces(danube, s);
    MqttSourceConnector first = connector(s, Duration.ofSeconds(10));
    first.start();
    first.close();
    assertThat(first.terminated()).isCompleted();

    TestPublisher pub = publisher();
    for (int i = 0; i < 10; i++) {
      pub.publish("ps/x", "m" + i, 1);
    }
    MqttSourceConnector second = started(s, Duration.ofSeconds(10));
    assertThat(danube.topic("/ps/t").awaitMessages(10, WAIT))
        .extracting(StoredMessage::payloadUtf8)
        .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "m" + i).toList());
    await().atMost(WAIT).until(() -> second.stats().processed() == 10);
  }

  @Test
  void keepsPerMqttTopicOrderWhileDanubeReordersConcurrentSends() throws Exception {
    started(settingsFor(64, true, route("ord/#", "/ord/t", 1)), Duration.ofSeconds(10));
    danube.faults().reorderSends(Duration.ofMillis(15));
    TestPublisher pub = publisher();
    int perTopic = 15;
    for (int i = 0; i < perTopic; i++) {
      for (int t = 0; t < 3; t++) {
        pub.publish("ord/t" + t, "t" + t + "-" + i, 1);
      }
    }
    List<StoredMessage> stored = danube.topic("/ord/t").awaitMessages(3 * perTopic, WAIT);
    for (int t = 0; t < 3; t++) {
      String topic = "ord/t" + t;
      int tt = t;
      assertThat(
              stored.stream()
                  .filter(m -> topic.equals(m.routingKey()))
                  .map(StoredMessage::payloadUtf8))
          .containsExactlyElementsOf(
              IntStream.range(0, perTopic).mapToObj(i -> "t" + tt + "-" + i).toList());
    }
  }

  @Test
  void closeIsIdempotentAndCompletesTerminated() throws Exception {
    MqttSourceConnector c =
        started(settingsFor(8, true, route("cl/#", "/cl/t", 1)), Duration.ofSeconds(10));
    assertThat(c.state()).isEqualTo(ConnectorState.RUNNING);
    assertThat(c.mqttConnected()).isTrue();
    c.close();
    c.close();
    assertThat(c.state()).isEqualTo(ConnectorState.STOPPED);
    assertThat(c.terminated()).isCompleted();
    assertThat(c.terminated().isCompletedExceptionally()).isFalse();
  }

  @Test
  void startFailsNamingTheBrokerWhenMqttIsUnreachable() {
    ConnectorSettings s =
        settings(
            "127.0.0.1",
            FreePorts.find(),
            clientId,
            true,
            danube.serviceUrl(),
            8,
            List.of(route("x/#", "/x/t", 1)));
    TestSettings.createNamespaces(danube, s);
    MqttSourceConnector c = connector(s, Duration.ofSeconds(5));
    toClose.add(c);
    org.assertj.core.api.Assertions.assertThatThrownBy(c::start)
        .isInstanceOf(ConnectorStartException.class)
        .hasMessageContaining("127.0.0.1:" + s.mqtt().port())
        .satisfies(e -> assertThat(((ConnectorStartException) e).dependencyUnavailable()).isTrue());
    assertThat(c.state()).isEqualTo(ConnectorState.FAILED);
    assertThat(c.terminated()).isCompletedExceptionally();
  }

  @Test
  void permanentRejectionIsCountedAndAcknowledgedSoTheTopicKeepsFlowing() throws Exception {
    danube.close(); // replaced by a broker with a tiny message limit
    danube = toClose.add(InMemoryDanubeBroker.builder().maxMessageSize(32).start());
    MqttSourceConnector c =
        started(settingsFor(16, true, route("big/#", "/big/t", 1)), Duration.ofSeconds(5));
    TestPublisher pub = publisher();
    pub.publish("big/x", "x".repeat(100), 1);
    pub.publish("big/x", "small", 1);
    assertThat(danube.topic("/big/t").awaitMessages(1, WAIT))
        .extracting(StoredMessage::payloadUtf8)
        .containsExactly("small");
    await().atMost(WAIT).until(() -> MQTT.pubAcksFrom(clientId) == 2);
    assertThat(c.stats().failed()).isEqualTo(1);
    assertThat(c.stats().processed()).isEqualTo(1);
  }

  @Test
  void qos0OverflowIsDroppedAndCounted() throws Exception {
    ConnectorSettings base = settingsFor(16, true, route("q0/#", "/q0/t", 0));
    ConnectorSettings s =
        TestSettings.with(
            base, "runtime", TestSettings.with(base.runtime(), "qos0BufferCapacity", 3));
    MqttSourceConnector c = started(s, Duration.ofSeconds(10));
    danube.faults().holdSends();
    TestPublisher pub = publisher();
    for (int i = 0; i < 10; i++) {
      pub.publish("q0/x" + i, "m" + i, 0);
    }
    await().atMost(WAIT).until(() -> c.stats().received() == 10);
    assertThat(c.stats().dropped()).isEqualTo(7);
    danube.faults().releaseSends();
    assertThat(danube.topic("/q0/t").awaitMessages(3, WAIT))
        .extracting(StoredMessage::payloadUtf8)
        .containsExactlyInAnyOrder("m0", "m1", "m2");
  }

  @Test
  void startFailsNamingTheDanubeTopicWhenDanubeIsUnreachable() {
    ConnectorSettings s =
        settings(
            MQTT.host(),
            MQTT.port(),
            clientId,
            true,
            "http://127.0.0.1:" + FreePorts.find(),
            8,
            List.of(route("x/#", "/unreach/t", 1)));
    MqttSourceConnector c = connector(s, Duration.ofMillis(500));
    toClose.add(c);
    org.assertj.core.api.Assertions.assertThatThrownBy(c::start)
        .isInstanceOf(ConnectorStartException.class)
        .hasMessageContaining("/unreach/t")
        .satisfies(e -> assertThat(((ConnectorStartException) e).dependencyUnavailable()).isTrue());
    assertThat(c.state()).isEqualTo(ConnectorState.FAILED);
  }

  @Test
  void startFailsSayingTheDanubeNamespaceMustBeCreatedWhenItDoesNotExist() {
    // The namespace "nons" is never created on the testkit broker.
    ConnectorSettings s = settingsFor(8, true, route("ns/#", "/nons/t", 1));
    MqttSourceConnector c = connector(s, Duration.ofMillis(300));
    toClose.add(c);
    org.assertj.core.api.Assertions.assertThatThrownBy(c::start)
        .isInstanceOfSatisfying(
            ConnectorStartException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith(
                      "cannot create Danube producer for topic /nons/t: the Danube namespace nons"
                          + " does not exist")
                  .contains("admin tool")
                  .doesNotContain("\n");
              assertThat(e.dependencyUnavailable())
                  .as("only an administrator can fix it")
                  .isFalse();
            });
    assertThat(c.state()).isEqualTo(ConnectorState.FAILED);
  }

  @Test
  void mqtt5DeliversAndAcknowledgesOnlyAfterDanube() throws Exception {
    ConnectorSettings s =
        TestSettings.withProtocol(settingsFor(16, true, route("m5/#", "/m5/t", 1)), 5);
    MqttSourceConnector c = started(s, Duration.ofSeconds(10));
    danube.faults().holdSends();
    TestPublisher pub = publisher();
    byte[] binary = {0, (byte) 0xFF, 0x10};
    pub.publish("m5/bin", binary, 1, true);
    await().atMost(WAIT).untilAsserted(() -> assertThat(danube.faults().heldSends()).isEqualTo(1));
    assertThat(MQTT.pubAcksFrom(clientId)).isZero();
    danube.faults().releaseSends();
    StoredMessage m = danube.topic("/m5/t").awaitMessages(1, WAIT).get(0);
    assertThat(m.payload()).isEqualTo(binary);
    assertThat(m.attributes()).containsEntry("mqtt.topic", "m5/bin").containsEntry("mqtt.qos", "1");
    await().atMost(WAIT).until(() -> MQTT.pubAcksFrom(clientId) == 1);
    assertThat(c.stats().processed()).isEqualTo(1);
  }

  @Test
  void closeDrainsInFlightMessagesBeforeDisconnecting() throws Exception {
    MqttSourceConnector c =
        started(settingsFor(16, true, route("dr/#", "/dr/t", 1)), Duration.ofSeconds(10));
    danube.faults().delaySendAcks(Duration.ofMillis(400));
    TestPublisher pub = publisher();
    for (int i = 0; i < 4; i++) {
      pub.publish("dr/x" + i, "m" + i, 1);
    }
    await().atMost(WAIT).until(() -> c.stats().received() == 4);
    c.close(); // Danube answers within the 5 s drain timeout: everything is acknowledged first
    assertThat(c.stats().processed()).isEqualTo(4);
    assertThat(c.backlog().inFlight()).isZero();
    await().atMost(WAIT).until(() -> MQTT.pubAcksFrom(clientId) == 4);
    assertThat(c.state()).isEqualTo(ConnectorState.STOPPED);
  }
}
