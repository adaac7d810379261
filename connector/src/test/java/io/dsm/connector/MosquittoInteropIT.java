/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static io.dsm.connector.TestSettings.connector;
import static io.dsm.connector.TestSettings.route;
import static io.dsm.connector.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.config.TlsSettings;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.testsupport.MosquittoProcess;
import io.dsm.testsupport.MosquittoProcess.Listener;
import io.dsm.testsupport.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The key scenarios against the system's Mosquitto (2.0.11 on Debian 12), one process per test: its
 * verbose log proves when PUBACKs were sent, and restarting it proves the connector resumes.
 */
@Tag("interop")
@Timeout(90)
class MosquittoInteropIT extends ConnectorItBase {
  private static final Duration WAIT = Duration.ofSeconds(20);

  MosquittoInteropIT() {
    super("conn-");
  }

  private MosquittoProcess mosquitto(boolean persistence, Listener... extraListeners)
      throws Exception {
    MosquittoProcess.Builder b =
        MosquittoProcess.builder()
            .persistence(persistence)
            .maxInflightMessages(20)
            .maxQueuedMessages(10_000)
            .verboseLog()
            .listener(Listener.anonymous());
    for (Listener l : extraListeners) {
      b.listener(l);
    }
    return toClose.add(b.start());
  }

  private MqttSourceConnector started(
      MosquittoProcess m, boolean clean, int maxInFlight, RouteSettings... routes)
      throws Exception {
    return started(m, 3, clean, maxInFlight, routes);
  }

  private MqttSourceConnector started(
      MosquittoProcess m, int protocol, boolean clean, int maxInFlight, RouteSettings... routes)
      throws Exception {
    ConnectorSettings s =
        TestSettings.withProtocol(
            settings(
                m.host(),
                m.port(),
                clientId,
                clean,
                danube.serviceUrl(),
                maxInFlight,
                List.of(routes)),
            protocol);
    return started(s, connector(s, Duration.ofSeconds(10)));
  }

  private TestPublisher publisher(MosquittoProcess m) {
    TestPublisher p = new TestPublisher(m.host(), m.port());
    toClose.add(p);
    return p;
  }

  @Test
  void seedExampleEndToEnd() throws Exception {
    MosquittoProcess m = mosquitto(false);
    TestPublisher pub = publisher(m);
    byte[] retained = "{\"interval\": 60}".getBytes(StandardCharsets.UTF_8);
    pub.publish("sensors/config", retained, 1, true);
    started(
        m,
        true,
        16,
        route("sensors/#", "/iot/data", 1),
        route("devices/+/telemetry", "/iot/data", 1));
    byte[] binary = {0, (byte) 0xFF, (byte) 0xC3, 0x28};
    pub.publish("other/topic", "no".getBytes(StandardCharsets.UTF_8), 1, false);
    pub.publish("sensors/binary", binary, 1, false);
    pub.publish("sensors/empty", new byte[0], 1, false);
    pub.publish("devices/d1/telemetry", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);

    Map<String, StoredMessage> byKey = awaitByRoutingKey("/iot/data", 4, WAIT);
    assertThat(byKey)
        .containsOnlyKeys(
            "sensors/config", "sensors/binary", "sensors/empty", "devices/d1/telemetry");
    assertThat(byKey.get("sensors/config").attributes()).containsEntry("mqtt.retain", "true");
    assertThat(byKey.get("sensors/binary").payload()).isEqualTo(binary);
    assertThat(byKey.get("sensors/empty").payload()).isEmpty();
    assertThat(byKey.get("devices/d1/telemetry").attributes())
        .containsEntry("mqtt.topic", "devices/d1/telemetry")
        .containsEntry("mqtt.qos", "1")
        .containsEntry("source", "mqtt");
  }

  @Test
  void noPubAckLeavesBeforeDanubeAcknowledged() throws Exception {
    MosquittoProcess m = mosquitto(false);
    MqttSourceConnector c = started(m, true, 16, route("ack/#", "/ack/t", 1));
    danube.faults().holdSends();
    TestPublisher pub = publisher(m);
    for (int i = 0; i < 5; i++) {
      pub.publish("ack/x" + i, "m" + i, 1); // five keys: the producer keeps one in flight per key
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(danube.faults().heldSends()).isEqualTo(5));
    assertThat(m.pubAcksFrom(clientId)).as("PUBACKs in the mosquitto log").isZero();
    assertThat(c.backlog().inFlight()).isEqualTo(5);

    danube.faults().releaseSends();
    await().atMost(WAIT).until(() -> m.pubAcksFrom(clientId) == 5);
    assertThat(danube.topic("/ack/t").payloadsUtf8())
        .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(ints = {3, 5})
  void boundsItsOwnWindowAlthoughMosquittoOverrunsItsInflightLimit(int protocol) throws Exception {
    MosquittoProcess m = mosquitto(false);
    int window = 8;
    int total = 200;
    MqttSourceConnector c = started(m, protocol, true, window, route("bp/#", "/bp/t", 1));
    danube.faults().delaySendAcks(Duration.ofMillis(5));
    TestPublisher pub = publisher(m);
    for (int i = 0; i < total; i++) {
      pub.publish("bp/x", "m" + i, 1);
    }
    List<StoredMessage> stored = danube.topic("/bp/t").awaitMessages(total, Duration.ofSeconds(40));
    assertThat(stored)
        .extracting(StoredMessage::payloadUtf8)
        .containsExactlyElementsOf(IntStream.range(0, total).mapToObj(i -> "m" + i).toList());
    assertThat(c.backlog().maxInFlightSeen()).isLessThanOrEqualTo(window);
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(ints = {3, 5})
  void cleanSessionResubscribesAfterMosquittoRestarts(int protocol) throws Exception {
    MosquittoProcess m = mosquitto(false);
    MqttSourceConnector c = started(m, protocol, true, 16, route("rs/#", "/rs/t", 1));
    try (LogCapture logs = new LogCapture()) {
      // No message before the restart: the reconnect lines must carry the connector name anyway.
      m.restart(); // no persistence: the broker forgot the session and the subscription
      await().atMost(WAIT).until(c::mqttConnected);
      // The connector is connected; it must also have subscribed again, or this never arrives.
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(300))
          .until(
              () -> {
                try (TestPublisher pub = new TestPublisher(m.host(), m.port())) {
                  pub.publish("rs/x", "after", 1);
                }
                return danube.topic("/rs/t").payloadsUtf8().contains("after");
              });
      assertThat(c.state()).isEqualTo(ConnectorState.RUNNING);
      for (String line :
          List.of("MQTT connection to", "Reconnected to MQTT broker", "Subscribed 'rs/#'")) {
        assertThat(logs.containing(line))
            .as(line)
            .isNotEmpty()
            .allSatisfy(
                e -> assertThat(e.getMDCPropertyMap()).containsEntry("connector", "it-connector"));
      }
    }
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(ints = {3, 5})
  void persistentSessionSurvivesMosquittoRestartWithoutLoss(int protocol) throws Exception {
    MosquittoProcess m = mosquitto(true);
    MqttSourceConnector c = started(m, protocol, false, 16, route("pr/#", "/pr/t", 1));
    danube.faults().holdSends();
    try (TestPublisher pub = new TestPublisher(m.host(), m.port())) {
      for (int i = 0; i < 5; i++) {
        pub.publish("pr/x" + i, "m" + i, 1);
      }
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(danube.faults().heldSends()).isEqualTo(5));
    // Unacknowledged at the broker; it persists them with the session on shutdown.
    m.restart();
    danube.faults().releaseSends();
    await().atMost(WAIT).until(c::mqttConnected);
    try (TestPublisher pub = new TestPublisher(m.host(), m.port())) {
      for (int i = 5; i < 10; i++) {
        pub.publish("pr/x", "m" + i, 1);
      }
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                danube
                    .topic("/pr/t")
                    .payloadsUtf8()
                    .containsAll(IntStream.range(0, 10).mapToObj(i -> "m" + i).toList()));
  }

  @Test
  void persistentSessionDeliversWhatWasPublishedWhileTheConnectorWasDown() throws Exception {
    MosquittoProcess m = mosquitto(false);
    RouteSettings r = route("pd/#", "/pd/t", 1);
    ConnectorSettings s =
        settings(m.host(), m.port(), clientId, false, danube.serviceUrl(), 16, List.of(r));
    TestSettings.createNamespaces(danube, s);
    MqttSourceConnector first = connector(s, Duration.ofSeconds(10));
    first.start();
    first.close();
    try (TestPublisher pub = new TestPublisher(m.host(), m.port())) {
      for (int i = 0; i < 10; i++) {
        pub.publish("pd/x", "m" + i, 1);
      }
    }
    MqttSourceConnector second = connector(s, Duration.ofSeconds(10));
    toClose.add(second);
    second.start();
    assertThat(danube.topic("/pd/t").awaitMessages(10, WAIT))
        .extracting(StoredMessage::payloadUtf8)
        .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void connectsOverTlsTrustingTheConfiguredCaFile() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dsm-tls-");
    TestPki.Issued ca = TestPki.ca("dsm-test-ca");
    TestPki.Issued server = ca.issue("127.0.0.1", TestPki.Kind.SERVER, List.of("127.0.0.1"));
    java.nio.file.Path caCert = ca.writeCert(dir, "ca");
    Listener tls =
        Listener.tls(
            caCert,
            server.writeCert(dir, "server"),
            server.writeKey(dir, "server", TestPki.KeyFormat.PKCS8),
            false);
    int tlsPort = tls.port();
    MosquittoProcess m = mosquitto(false, tls);
    ConnectorSettings plain =
        settings(
            m.host(),
            tlsPort,
            clientId,
            true,
            danube.serviceUrl(),
            8,
            List.of(route("tls/#", "/tls/t", 1)));
    var mq = plain.mqtt();
    ConnectorSettings s =
        TestSettings.with(
            plain,
            "mqtt",
            TestSettings.with(mq, "tls", new TlsSettings(true, caCert, null, null, false)));
    started(s, connector(s, Duration.ofSeconds(10)));
    publisher(m).publish("tls/x", "secret", 1); // the publisher uses the plain listener
    assertThat(danube.topic("/tls/t").awaitMessages(1, WAIT))
        .extracting(StoredMessage::payloadUtf8)
        .containsExactly("secret");

    // Without the CA the JVM trust store does not know the broker: start fails naming it.
    ConnectorSettings untrusted =
        TestSettings.with(
            s,
            "mqtt",
            TestSettings.with(
                mq,
                "clientId",
                clientId + "-b",
                "tls",
                new TlsSettings(true, null, null, null, false)));
    MqttSourceConnector refused = connector(untrusted, Duration.ofSeconds(10));
    toClose.add(refused);
    org.assertj.core.api.Assertions.assertThatThrownBy(refused::start)
        .isInstanceOf(ConnectorStartException.class)
        .hasMessageContaining("127.0.0.1:" + tlsPort);
  }
}
