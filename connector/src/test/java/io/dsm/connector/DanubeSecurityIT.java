/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.DanubeSettings;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.TlsSettings;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.JwtTokens;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.danube.testkit.TlsServerConfig;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.danube.DanubeConnection;
import io.dsm.testsupport.Closer;
import io.dsm.testsupport.EmbeddedHiveMqExtension;
import io.dsm.testsupport.FreePorts;
import io.dsm.testsupport.TestPki;
import io.dsm.testsupport.TestPki.Issued;
import io.dsm.testsupport.TestPki.KeyFormat;
import io.dsm.testsupport.TestPki.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Danube side of security through the connector's real client path (settings from the
 * environment, {@link MqttSourceConnector}'s own client factory): TLS with a private CA and a JWT
 * bearer token against the testkit broker with TLS and JWT auth enabled. A valid token delivers end
 * to end; a missing, expired or wrongly signed token fails the start with a clear message; neither
 * the token nor the MQTT password appears in any log line or exception message.
 */
@Timeout(90)
class DanubeSecurityIT {
  @RegisterExtension static final EmbeddedHiveMqExtension MQTT = new EmbeddedHiveMqExtension();

  private static final byte[] JWT_SECRET =
      "danube-security-it-secret-0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final String MQTT_PASSWORD = "mqtt-Pw-41-not-for-logs";

  @TempDir static Path dir;
  static Path caFile;
  static Path otherCaFile;
  static InMemoryDanubeBroker danube;

  private final Closer toClose = new Closer();

  @BeforeAll
  static void startDanube() {
    Issued ca = TestPki.ca("danube-test-ca");
    caFile = ca.writeCert(dir, "danube-ca");
    otherCaFile = TestPki.ca("unrelated-ca").writeCert(dir, "unrelated-ca");
    Issued server = ca.issue("127.0.0.1", Kind.SERVER, List.of("127.0.0.1", "localhost"));
    danube =
        InMemoryDanubeBroker.builder()
            .tls(
                TlsServerConfig.serverOnly(
                    server.writeCert(dir, "danube-server"),
                    server.writeKey(dir, "danube-server", KeyFormat.PKCS8)))
            .jwtSecret(JWT_SECRET)
            .start();
    danube.createNamespace("secure");
  }

  @AfterAll
  static void stopDanube() {
    if (danube != null) {
      danube.close();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    toClose.closeAll();
  }

  @Test
  void aValidTokenFromAFileDeliversEndToEndAndIsNeverLogged() throws Exception {
    assertThat(danube.serviceUrl()).startsWith("https://");
    String token = JwtTokens.valid(JWT_SECRET, "mqtt-connector", Duration.ofHours(1));
    Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
    Map<String, String> env = env("/secure/valid");
    env.put("DANUBE_TOKEN_FILE", tokenFile.toString());
    int metricsPort = FreePorts.find();
    env.put("METRICS_PORT", Integer.toString(metricsPort));
    ConnectorSettings s = load(env);
    assertThat(s.danube().tls().enabled()).as("https:// implies TLS").isTrue();
    assertThat(s.danube().token()).isEqualTo(token);

    try (LogCapture logs = new LogCapture()) {
      MqttSourceConnector c = new MqttSourceConnector(s);
      toClose.add(c);
      c.start();
      String payload = "t-" + UUID.randomUUID();
      try (TestPublisher pub = new TestPublisher(MQTT.host(), MQTT.port())) {
        pub.publish("secure/valid", payload, 1);
      }
      assertThat(danube.topic("/secure/valid").awaitMessages(1, Duration.ofSeconds(20)))
          .extracting(StoredMessage::payloadUtf8)
          .containsExactly(payload);
      for (String path : List.of("/metrics", "/health", "/ready")) {
        String body = httpGet(metricsPort, path);
        assertThat(body).as(path).isNotEmpty().doesNotContain(token).doesNotContain(MQTT_PASSWORD);
      }
      c.close();

      assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(token));
      assertThat(logs.lines()).noneMatch(l -> l.contains(MQTT_PASSWORD));
      assertThat(s.toString()).doesNotContain(token).doesNotContain(MQTT_PASSWORD);
    }
  }

  @Test
  void aMissingTokenFailsTheStartClearly() {
    // Without a token there is nothing secret to leak; TLS alone is allowed.
    String message = startFails(load(env("/secure/missing")), null);

    assertThat(message)
        .contains("/secure/missing")
        .contains("UNAUTHENTICATED")
        .contains("Authentication credentials are missing");
  }

  @Test
  void anExpiredTokenFailsTheStartClearly() {
    String token = JwtTokens.expired(JWT_SECRET, "mqtt-connector");
    Map<String, String> env = env("/secure/expired");
    env.put("DANUBE_TOKEN", token);

    String message = startFails(load(env), token);

    assertThat(message)
        .contains("/secure/expired")
        .contains("Danube rejected the credentials")
        .contains("UNAUTHENTICATED: Invalid token")
        .contains("check DANUBE_TOKEN or DANUBE_TOKEN_FILE")
        .doesNotContain("\n");
  }

  @Test
  void aWronglySignedTokenFailsTheStartClearly() {
    String token = JwtTokens.wronglySigned("mqtt-connector");
    Map<String, String> env = env("/secure/forged");
    env.put("DANUBE_TOKEN", token);

    String message = startFails(load(env), token);

    assertThat(message).contains("/secure/forged").contains("UNAUTHENTICATED: Invalid token");
  }

  @Test
  void aTokenIsNeverSentInClearText() {
    String token = JwtTokens.valid(JWT_SECRET, "mqtt-connector", Duration.ofHours(1));
    String plainUrl = danube.serviceUrl().replace("https://", "http://");
    ConnectorSettings tls = load(env("/secure/plain"));
    // Settings built in code (not through ConfigLoader, which refuses this too).
    ConnectorSettings s =
        new ConnectorSettings(
            tls.connectorName(),
            new DanubeSettings(plainUrl, TlsSettings.DISABLED, token),
            tls.mqtt(),
            tls.routes(),
            tls.runtime());

    String message = startFails(s, token);

    assertThat(message).contains("clear text");
  }

  @Test
  void aDanubeCertificateFromAnUnknownCaFailsTheStartAtOnce() {
    String token = JwtTokens.valid(JWT_SECRET, "mqtt-connector", Duration.ofHours(1));
    Map<String, String> env = env("/secure/untrusted");
    env.put("DANUBE_TOKEN", token);
    env.put("DANUBE_TLS_CA_FILE", otherCaFile.toString());
    long t0 = System.nanoTime();

    // The connector's own client factory, with the default 60 s retry budget: a failed handshake
    // must not be retried.
    String message = startFails(load(env), token);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(message)
        .isEqualTo(
            "cannot create Danube producer for topic /secure/untrusted: TLS to Danube failed: the"
                + " broker's certificate is not trusted (unknown CA; set DANUBE_TLS_CA_FILE to the CA"
                + " that signed it)");
  }

  // ---- the connection check (check --connect) ------------------------------------------------

  @Test
  void theConnectionCheckPassesWithAValidToken() throws Exception {
    Map<String, String> env = env("/secure/checked");
    env.put("DANUBE_TOKEN", JwtTokens.valid(JWT_SECRET, "mqtt-connector", Duration.ofHours(1)));

    ConnectorSettings s = load(env);
    List<String> lines = DanubeConnection.check(s.danube(), "c", s.routes(), Duration.ofSeconds(5));

    // Without DANUBE_ADMIN_URL only a producer tells whether the namespace exists.
    assertThat(lines)
        .containsExactly(
            "Danube topic /secure/checked: did not exist; created now, as start would");
  }

  @Test
  void theConnectionCheckNamesRejectedCredentials() {
    String token = JwtTokens.expired(JWT_SECRET, "mqtt-connector");
    Map<String, String> env = env("/secure/checked");
    env.put("DANUBE_TOKEN", token);

    assertThatThrownBy(
            () ->
                DanubeConnection.check(
                    load(env).danube(), "c", load(env).routes(), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            ConnectorStartException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith(
                      "cannot use Danube at "
                          + danube.serviceUrl()
                          + ": Danube rejected the credentials:")
                  .contains("UNAUTHENTICATED: Invalid token")
                  .contains("check DANUBE_TOKEN or DANUBE_TOKEN_FILE")
                  .doesNotContain(token)
                  .doesNotContain("\n");
              assertThat(e.dependencyUnavailable()).isFalse();
            });
  }

  @Test
  void theConnectionCheckNamesAnUntrustedCertificate() {
    Map<String, String> env = env("/secure/checked");
    env.put("DANUBE_TLS_CA_FILE", otherCaFile.toString());

    assertThatThrownBy(
            () ->
                DanubeConnection.check(
                    load(env).danube(), "c", load(env).routes(), Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(
            ConnectorStartException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "cannot use Danube at "
                          + danube.serviceUrl()
                          + ": TLS to Danube failed: the broker's certificate is not trusted (unknown CA; set"
                          + " DANUBE_TLS_CA_FILE to the CA that signed it)");
              assertThat(e.dependencyUnavailable()).isFalse();
            });
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Start must fail with a ConnectorStartException; nothing secret in it or in the log. */
  private String startFails(ConnectorSettings s, String secret) {
    return startFails(new MqttSourceConnector(s), secret);
  }

  private String startFails(MqttSourceConnector c, String secret) {
    List<String> message = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      toClose.add(c);
      assertThatThrownBy(c::start)
          .isInstanceOfSatisfying(
              ConnectorStartException.class,
              e -> {
                message.add(e.getMessage());
                for (Throwable t = e; t != null; t = t.getCause()) {
                  if (secret != null) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                  }
                  assertThat(String.valueOf(t.getMessage())).doesNotContain(MQTT_PASSWORD);
                }
              });
      if (secret != null) {
        assertThat(logs.lines()).noneMatch(l -> l.contains(secret));
      }
      assertThat(logs.lines()).noneMatch(l -> l.contains(MQTT_PASSWORD));
    }
    return message.get(0);
  }

  private static String httpGet(int port, String path) throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  private static Map<String, String> env(String danubeTopic) {
    Map<String, String> env = new HashMap<>();
    env.put("CONNECTOR_NAME", "secure-it");
    env.put("DANUBE_SERVICE_URL", danube.serviceUrl());
    env.put("DANUBE_TLS_CA_FILE", caFile.toString());
    env.put("MQTT_BROKER_HOST", MQTT.host());
    env.put("MQTT_BROKER_PORT", Integer.toString(MQTT.port()));
    env.put("MQTT_CLIENT_ID", "secure-" + UUID.randomUUID().toString().substring(0, 8));
    // The embedded broker accepts anyone; the password is here to prove it is never logged.
    env.put("MQTT_USERNAME", "connector");
    env.put("MQTT_PASSWORD", MQTT_PASSWORD);
    env.put("MQTT_TOPICS", danubeTopic.substring(1));
    env.put("MQTT_DANUBE_TOPIC", danubeTopic);
    env.put("METRICS_PORT", "0");
    return env;
  }

  private static ConnectorSettings load(Map<String, String> env) {
    try {
      return ConfigLoader.load(EnvSource.of(env), Map.of()).settings();
    } catch (Exception e) {
      throw new AssertionError("test settings invalid: " + e.getMessage(), e);
    }
  }
}
