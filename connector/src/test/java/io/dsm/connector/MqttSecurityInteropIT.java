/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.dsm.common.Backoff;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.MqttSettings;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.config.TlsSettings;
import io.dsm.connector.mqtt.MqttConnectionListener;
import io.dsm.connector.mqtt.MqttIntake;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.mqtt.client.InboundFlowControl;
import io.dsm.mqtt.client.Subscription;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.mqtt.MqttConnectionCheck;
import io.dsm.runtime.mqtt.MqttIntakeException;
import io.dsm.runtime.mqtt.MqttOptions;
import io.dsm.testsupport.Closer;
import io.dsm.testsupport.MosquittoProcess;
import io.dsm.testsupport.MosquittoProcess.Listener;
import io.dsm.testsupport.TestPki;
import io.dsm.testsupport.TestPki.Issued;
import io.dsm.testsupport.TestPki.KeyFormat;
import io.dsm.testsupport.TestPki.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS, mutual TLS and password authentication against a real Mosquitto, with a CA, server and
 * client certificates generated at test time (nothing private is committed). One mosquitto process
 * serves a listener per case: plain anonymous (the test publisher), TLS, TLS requiring a client
 * certificate, TLS with an expired certificate, TLS with a certificate for another host name, and
 * plain with a password file. Every refusal must surface as one line naming its cause.
 */
@Tag("interop")
@Timeout(120)
class MqttSecurityInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String USER = "sensor-reader";
  private static final String PASSWORD = "pw-Zq81-never-logged";

  @TempDir static Path dir;
  static Issued ca;
  static Issued otherCa;
  static Path caFile;
  static Path otherCaFile;
  static MosquittoProcess mosquitto;
  static Listener plain;
  static Listener tls;
  static Listener mutual;
  static Listener expired;
  static Listener wrongHost;
  static Listener password;
  static InMemoryDanubeBroker danube;

  private final Closer toClose = new Closer();

  @BeforeAll
  static void startBrokers() throws Exception {
    ca = TestPki.ca("dsm-test-ca");
    otherCa = TestPki.ca("some-other-ca");
    caFile = ca.writeCert(dir, "ca");
    otherCaFile = otherCa.writeCert(dir, "other-ca");
    Instant now = Instant.now();
    Issued good = ca.issue("127.0.0.1", Kind.SERVER, List.of("127.0.0.1", "localhost"));
    Issued old =
        ca.issue(
            "127.0.0.1",
            Kind.SERVER,
            List.of("127.0.0.1"),
            now.minus(Duration.ofDays(3)),
            now.minus(Duration.ofDays(1)));
    Issued elsewhere =
        ca.issue("mqtt.elsewhere.example", Kind.SERVER, List.of("mqtt.elsewhere.example"));
    Path goodCert = good.writeCert(dir, "server");
    Path goodKey = good.writeKey(dir, "server", KeyFormat.PKCS8);
    plain = Listener.anonymous();
    tls = Listener.tls(caFile, goodCert, goodKey, false);
    mutual = Listener.tls(caFile, goodCert, goodKey, true);
    expired = serverTls(old, "expired");
    wrongHost = serverTls(elsewhere, "elsewhere");
    password = Listener.withPasswordFile(MosquittoProcess.passwordFile(dir, USER, PASSWORD));
    mosquitto =
        MosquittoProcess.builder()
            .dir(Files.createDirectories(dir.resolve("mosquitto")))
            .listener(plain)
            .listener(tls)
            .listener(mutual)
            .listener(expired)
            .listener(wrongHost)
            .listener(password)
            .verboseLog()
            .start();
    danube = InMemoryDanubeBroker.builder().start();
    danube.createNamespace("sec");
  }

  @AfterAll
  static void stopBrokers() {
    if (mosquitto != null) {
      mosquitto.close();
    }
    if (danube != null) {
      danube.close();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    toClose.closeAll();
  }

  // ---- success cases --------------------------------------------------------------------------

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(ints = {3, 5})
  void tlsTrustingAPrivateCaFileDeliversMessages(int protocol) throws Exception {
    String topic = "/sec/tls_" + protocol;
    startConnector(
        settings(
            tls.port(),
            protocol,
            null,
            null,
            new TlsSettings(true, caFile, null, null, false),
            topic));

    assertDelivered(topic);
  }

  @ParameterizedTest(name = "MQTT {0}, {1} key as {2}")
  @CsvSource({"3, RSA, TRADITIONAL", "5, EC, TRADITIONAL", "3, EC, PKCS8", "5, RSA, PKCS8"})
  void mutualTlsWithAClientCertificateDeliversMessages(int protocol, String alg, KeyFormat format)
      throws Exception {
    String name = "client-" + alg + "-" + format;
    Issued client =
        alg.equals("EC")
            ? ca.issueEc(name, Kind.CLIENT, List.of())
            : ca.issue(name, Kind.CLIENT, List.of());
    String topic = "/sec/mtls_" + protocol + "_" + alg + "_" + format;
    startConnector(
        settings(
            mutual.port(), protocol, null, null, clientTls(caFile, client, name, format), topic));

    assertDelivered(topic);
  }

  @Test
  void aClientCertificateWorksWithTheJvmDefaultTrustStore() throws Exception {
    // The JVM default trust store is whatever javax.net.ssl.trustStore names; point it at one
    // holding our CA, as an operator would with -Djavax.net.ssl.trustStore or the cacerts file.
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("dsm-test-ca", ca.cert());
    Path trustStore = dir.resolve("truststore.p12");
    try (var out = Files.newOutputStream(trustStore)) {
      store.store(out, "changeit".toCharArray());
    }
    Issued client = ca.issue("default-trust-client", Kind.CLIENT, List.of());
    String topic = "/sec/default_trust";
    Properties saved = (Properties) System.getProperties().clone();
    System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
    try {
      startConnector(
          settings(
              mutual.port(),
              3,
              null,
              null,
              clientTls(null, client, "default-trust-client", KeyFormat.PKCS8),
              topic));
    } finally {
      System.setProperties(saved);
    }
    assertDelivered(topic);
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(ints = {3, 5})
  void aPasswordFromAFileAuthenticatesAndNeverReachesTheLog(int protocol) throws Exception {
    Path secret = Files.writeString(dir.resolve("mqtt-password-" + protocol), PASSWORD + "\n");
    String topic = "/sec/password_" + protocol;
    ConnectorSettings s =
        ConfigLoader.load(
                EnvSource.of(
                    Map.ofEntries(
                        Map.entry("CONNECTOR_NAME", "sec-it"),
                        Map.entry("DANUBE_SERVICE_URL", danube.serviceUrl()),
                        Map.entry("MQTT_BROKER_HOST", "127.0.0.1"),
                        Map.entry("MQTT_BROKER_PORT", Integer.toString(password.port())),
                        Map.entry("MQTT_CLIENT_ID", clientId()),
                        Map.entry("MQTT_PROTOCOL_VERSION", Integer.toString(protocol)),
                        Map.entry("MQTT_USERNAME", USER),
                        Map.entry("MQTT_PASSWORD_FILE", secret.toString()),
                        Map.entry("MQTT_TOPICS", "sec/#"),
                        Map.entry("MQTT_DANUBE_TOPIC", topic),
                        Map.entry("METRICS_PORT", "0"))),
                Map.of())
            .settings();
    assertThat(s.mqtt().password()).isEqualTo(PASSWORD);
    try (LogCapture logs = new LogCapture()) {
      startConnector(s);
      assertDelivered(topic);
      assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(PASSWORD));
    }
  }

  @Test
  void aUserNameWithoutPasswordIsSentAndAcceptedByABrokerThatAllowsIt() throws Exception {
    String topic = "/sec/user_only";
    MqttSourceConnector c =
        startConnector(settings(plain.port(), 3, "just-a-name", null, TlsSettings.DISABLED, topic));

    assertThat(c.mqttConnected()).isTrue();
    assertThat(mosquitto.logLines()).anyMatch(l -> l.contains("u'just-a-name'"));
    assertDelivered(topic);
  }

  @Test
  void skippingHostnameVerificationConnectsDespiteAMismatchAndWarns() throws Exception {
    String topic = "/sec/insecure";
    try (LogCapture logs = new LogCapture()) {
      startConnector(
          settings(
              wrongHost.port(),
              3,
              null,
              null,
              new TlsSettings(true, caFile, null, null, true),
              topic));

      assertThat(logs.events())
          .anyMatch(
              e ->
                  e.getLevel() == Level.WARN
                      && e.getFormattedMessage().contains("hostname verification is DISABLED"));
    }
    assertDelivered(topic);
  }

  // ---- refusals: one line naming the cause ----------------------------------------------------

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(ints = {3, 5})
  void aCaThatDidNotSignTheBrokerCertificateIsRefused(int protocol) {
    assertRefused(
        settings(
            tls.port(),
            protocol,
            null,
            null,
            new TlsSettings(true, otherCaFile, null, null, false),
            "/sec/x"),
        "TLS: the broker's certificate is not trusted (unknown CA; set MQTT_TLS_CA_FILE");
  }

  @Test
  void theJvmTrustStoreDoesNotKnowAPrivateCa() {
    assertRefused(
        settings(
            tls.port(), 3, null, null, new TlsSettings(true, null, null, null, false), "/sec/x"),
        "TLS: the broker's certificate is not trusted");
  }

  @Test
  void anExpiredServerCertificateIsRefused() {
    assertRefused(
        settings(
            expired.port(),
            3,
            null,
            null,
            new TlsSettings(true, caFile, null, null, false),
            "/sec/x"),
        "TLS: the broker's certificate has expired");
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(ints = {3, 5})
  void aCertificateForAnotherHostIsRefused(int protocol) {
    assertRefused(
        settings(
            wrongHost.port(),
            protocol,
            null,
            null,
            new TlsSettings(true, caFile, null, null, false),
            "/sec/x"),
        "TLS: hostname mismatch: the broker's certificate is not valid for the host connected to (No"
            + " subject alternative names matching IP address 127.0.0.1 found; fix MQTT_BROKER_HOST");
  }

  @Test
  void aMissingClientCertificateIsRefused() {
    assertRefused(
        settings(
            mutual.port(),
            3,
            null,
            null,
            new TlsSettings(true, caFile, null, null, false),
            "/sec/x"),
        "TLS: the broker rejected the handshake with alert 'certificate_required': a client"
            + " certificate is required (set MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE)");
  }

  @Test
  void aClientCertificateFromAnUnknownCaIsRefused() {
    Issued stranger = otherCa.issue("stranger", Kind.CLIENT, List.of());
    assertRefused(
        settings(
            mutual.port(),
            3,
            null,
            null,
            clientTls(caFile, stranger, "stranger", KeyFormat.PKCS8),
            "/sec/x"),
        "TLS: the broker rejected the handshake with alert");
  }

  @ParameterizedTest(name = "MQTT {0}")
  @CsvSource({"3, [CONNACK 5]", "5, [CONNACK 0x87]"})
  void aWrongPasswordIsRefusedWithTheConnackCode(int protocol, String code) {
    try (LogCapture logs = new LogCapture()) {
      String wrong = "wrong-" + PASSWORD;
      String message =
          assertRefused(
              settings(password.port(), protocol, USER, wrong, TlsSettings.DISABLED, "/sec/x"),
              "broker refused the connection: not authorized (wrong or missing"
                  + " MQTT_USERNAME/MQTT_PASSWORD");
      assertThat(message).contains(code).doesNotContain(wrong);
      assertThat(logs.lines()).noneMatch(l -> l.contains(wrong));
    }
  }

  @Test
  void aMissingPasswordIsRefused() {
    assertRefused(
        settings(password.port(), 3, USER, null, TlsSettings.DISABLED, "/sec/x"), "not authorized");
  }

  @Test
  void tlsAgainstAPlainListenerNamesTheLikelyMismatch() {
    assertRefused(
        settings(
            plain.port(),
            3,
            null,
            null,
            new TlsSettings(true, caFile, null, null, false),
            "/sec/x"),
        "MQTT_USE_TLS does not match the listener on MQTT_BROKER_PORT");
  }

  // ---- the connection check (check --connect) ------------------------------------------------

  @Test
  void theConnectionCheckConnectsWithMutualTlsWithoutSubscribing() throws Exception {
    Issued client = ca.issue("check-client", Kind.CLIENT, List.of());
    MqttSettings m =
        settings(
                mutual.port(),
                3,
                null,
                null,
                clientTls(caFile, client, "check-client", KeyFormat.TRADITIONAL),
                "/sec/check")
            .mqtt();

    String result = MqttConnectionCheck.run(m, Duration.ofSeconds(10));

    assertThat(result)
        .isEqualTo(
            "MQTT broker 127.0.0.1:"
                + mutual.port()
                + " accepted client id '"
                + m.clientId()
                + "-check' (MQTT 3.1.1, TLS, anonymous)");
    String id = m.clientId() + "-check";
    await()
        .atMost(WAIT)
        .until(
            () ->
                mosquitto.logLines().stream()
                    .anyMatch(l -> l.contains("Client " + id + " disconnected")));
    assertThat(mosquitto.logLines()).noneMatch(l -> l.contains("Received SUBSCRIBE from " + id));
  }

  @Test
  void theConnectionCheckReportsAWrongPasswordAsARefusalOnOneLine() {
    MqttSettings m =
        settings(password.port(), 5, USER, "not-" + PASSWORD, TlsSettings.DISABLED, "/sec/check")
            .mqtt();

    assertThatThrownBy(() -> MqttConnectionCheck.run(m, Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            MqttIntakeException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "cannot connect to MQTT broker 127.0.0.1:"
                          + password.port()
                          + " as client id '"
                          + m.clientId()
                          + "-check': broker refused the connection: not authorized (wrong or"
                          + " missing MQTT_USERNAME/MQTT_PASSWORD, or the broker does not let this"
                          + " client connect) [CONNACK 0x87]");
              assertThat(e.brokerUnavailable()).isFalse();
            });
  }

  // ---- reconnects -----------------------------------------------------------------------------

  @Test
  void refusedReconnectsAreRetriedCountedAndLoggedOnOneLine(@TempDir Path own) throws Exception {
    String pw1 = "first-Pw-77";
    String pw2 = "second-Pw-88";
    Listener auth = Listener.withPasswordFile(MosquittoProcess.passwordFile(own, USER, pw1));
    MosquittoProcess broker =
        MosquittoProcess.builder().dir(own).listener(auth).verboseLog().start();
    toClose.add(broker);
    Queue<String> events = new ConcurrentLinkedQueue<>();
    MqttConnectionListener listener =
        new MqttConnectionListener() {
          @Override
          public void connected(boolean sessionPresent) {
            events.add("connected");
          }

          @Override
          public void disconnected(String cause) {
            events.add("disconnected: " + cause);
          }

          @Override
          public void subscribed(String filter, int grantedQos) {
            events.add("subscribed " + filter + " " + grantedQos);
          }

          @Override
          public void connectFailed(String cause) {
            events.add("connectFailed: " + cause);
          }
        };
    MqttSettings mqtt =
        settings(auth.port(), 3, USER, pw1, TlsSettings.DISABLED, "/sec/reconnect").mqtt();
    try (LogCapture logs = new LogCapture()) {
      MqttIntake intake =
          new MqttIntake(
              mqtt,
              MqttOptions.builder(
                      mqtt,
                      mqtt.clientId(),
                      mqtt.cleanSession(),
                      10,
                      Duration.ofSeconds(10),
                      new Backoff(Duration.ofMillis(100), Duration.ofMillis(300)))
                  .build(),
              List.of(new Subscription("sec/#", 1)),
              m -> {},
              new NoCredits(),
              m -> {},
              listener,
              Runnable::run);
      toClose.add(intake);
      intake.start(Duration.ofSeconds(10));
      assertThat(events).containsExactly("connected", "subscribed sec/# 1");

      // The operator rotates the password on the broker but not in the connector.
      MosquittoProcess.passwordFile(own, USER, pw2);
      broker.restart();
      // An attempt made while the broker restarts may find no listener (the reconnect delay is
      // 100-300 ms); every attempt that reaches the broker must be refused.
      Predicate<String> reachedTheBroker = e -> !e.contains("cannot reach the broker");
      Predicate<String> connectFailed = e -> e.startsWith("connectFailed");
      await()
          .atMost(WAIT)
          .until(() -> events.stream().filter(connectFailed.and(reachedTheBroker)).count() >= 3);
      assertThat(intake.isConnected()).isFalse();
      assertThat(events)
          .filteredOn(connectFailed.and(reachedTheBroker))
          .allMatch(e -> e.contains("not authorized") && e.contains("[CONNACK 5]"));
      List<ILoggingEvent> attempts =
          logs.events().stream()
              .filter(e -> e.getFormattedMessage().contains("MQTT reconnect attempt"))
              .filter(e -> reachedTheBroker.test(e.getFormattedMessage()))
              .toList();
      assertThat(attempts).hasSizeGreaterThanOrEqualTo(3);
      assertThat(attempts)
          .allSatisfy(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getThrowableProxy()).isNull(); // no stack trace
                assertThat(e.getFormattedMessage())
                    .doesNotContain("\n")
                    .contains("127.0.0.1:" + auth.port())
                    .contains("not authorized");
              });

      // Fixed on the broker: the next attempt gets through and subscribes again.
      MosquittoProcess.passwordFile(own, USER, pw1);
      broker.restart();
      await().atMost(WAIT).until(intake::isConnected);
      await()
          .atMost(WAIT)
          .until(() -> events.stream().filter(e -> e.equals("connected")).count() == 2);
      assertThat(events).anyMatch(e -> e.startsWith("disconnected: "));
      assertThat(logs.lines()).noneMatch(l -> l.contains(pw1) || l.contains(pw2));
      assertNoStackTraces(logs);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private MqttSourceConnector startConnector(ConnectorSettings s) throws Exception {
    MqttSourceConnector c = TestSettings.connector(s);
    toClose.add(c);
    c.start();
    return c;
  }

  /** Starting must fail with one line naming the broker and the cause; returns the message. */
  private String assertRefused(ConnectorSettings s, String cause) {
    MqttSourceConnector c = TestSettings.connector(s);
    toClose.add(c);
    List<String> message = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      assertThatThrownBy(c::start)
          .isInstanceOfSatisfying(
              ConnectorStartException.class,
              e -> {
                message.add(e.getMessage());
                assertThat(e.getMessage())
                    .startsWith("cannot connect to MQTT broker 127.0.0.1:" + s.mqtt().port())
                    .contains(cause)
                    .doesNotContain("\n")
                    .doesNotContain("Exception"); // a cause, not a class name
              });
      assertNoStackTraces(logs);
    }
    return message.get(0);
  }

  /** Operators see one line per problem: no logged exception, no multi-line message. */
  private static void assertNoStackTraces(LogCapture logs) {
    assertThat(logs.events())
        .allSatisfy(
            e -> {
              assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull();
              assertThat(e.getFormattedMessage()).doesNotContain("\n");
            });
  }

  private void assertDelivered(String danubeTopic) throws Exception {
    String payload = "reading-" + UUID.randomUUID();
    try (TestPublisher pub = new TestPublisher("127.0.0.1", plain.port())) {
      pub.publish("sec/" + danubeTopic.substring(5), payload, 1);
    }
    assertThat(danube.topic(danubeTopic).awaitMessages(1, WAIT))
        .extracting(StoredMessage::payloadUtf8)
        .containsExactly(payload);
  }

  private static String clientId() {
    return "sec-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A TLS listener presenting {@code server}'s certificate, written as {@code name}. */
  private static Listener serverTls(Issued server, String name) {
    return Listener.tls(
        caFile, server.writeCert(dir, name), server.writeKey(dir, name, KeyFormat.PKCS8), false);
  }

  /**
   * TLS trusting {@code trusted} ({@code null}: the JVM default) and presenting {@code client}'s
   * certificate and key, written to files named after {@code name}.
   */
  private static TlsSettings clientTls(Path trusted, Issued client, String name, KeyFormat format) {
    return new TlsSettings(
        true, trusted, client.writeCert(dir, name), client.writeKey(dir, name, format), false);
  }

  /** Settings whose single route takes {@code sec/<topic name>} to Danube {@code topic}. */
  private static ConnectorSettings settings(
      int port, int protocol, String user, String pw, TlsSettings tlsSettings, String topic) {
    ConnectorSettings base =
        TestSettings.settings(
            "127.0.0.1",
            port,
            clientId(),
            true,
            danube.serviceUrl(),
            16,
            List.of(new RouteSettings("sec/" + topic.substring(5), topic, 1, 0, true)));
    return TestSettings.with(
        base,
        "mqtt",
        TestSettings.with(
            base.mqtt(),
            "username",
            user,
            "password",
            pw,
            "tls",
            tlsSettings,
            "protocolVersion",
            protocol));
  }

  /** The reconnect test takes no messages. */
  private static final class NoCredits implements InboundFlowControl {
    @Override
    public boolean tryAdmit(int qos, int bytes) {
      return false;
    }

    @Override
    public void release(int qos, int bytes) {}

    @Override
    public void onAdmissionPossible(Runnable callback) {}
  }
}
