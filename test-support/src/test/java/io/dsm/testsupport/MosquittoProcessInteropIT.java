/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import io.dsm.testsupport.MosquittoProcess.Listener;
import java.io.FileInputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Mosquitto runner against the real broker: listeners, persistence, restart, kill, freeze. */
@Tag("interop")
@Timeout(120)
class MosquittoProcessInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final Closer closer = new Closer();

  @AfterEach
  void stop() throws Exception {
    closer.closeAll();
  }

  private Mqtt3BlockingClient client(String id, int port) {
    Mqtt3BlockingClient c =
        Mqtt3Client.builder()
            .identifier(id)
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildBlocking();
    closer.add(
        () -> {
          if (c.getState().isConnected()) {
            c.disconnect();
          }
        });
    return c;
  }

  private MosquittoProcess started(MosquittoProcess.Builder builder) throws Exception {
    return closer.add(builder.dir(dir).start());
  }

  @Test
  void aPersistentSessionKeepsItsQueuedMessagesAcrossARestartOnTheSamePort() throws Exception {
    MosquittoProcess m =
        started(
            MosquittoProcess.builder()
                .persistence(true)
                .maxQueuedMessages(100)
                .maxInflightMessages(5)
                .verboseLog());
    int port = m.port();
    Mqtt3BlockingClient subscriber = client("persistent-sub", port);
    subscriber.connectWith().cleanSession(false).send();
    subscriber.subscribeWith().topicFilter("q/#").qos(MqttQos.AT_LEAST_ONCE).send();
    subscriber.disconnect();
    Mqtt3BlockingClient publisher = client("pub", port);
    publisher.connect();
    for (int i = 0; i < 3; i++) {
      publisher
          .publishWith()
          .topic("q/x")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(new byte[] {(byte) i})
          .send();
    }
    publisher.disconnect();

    m.restart();

    assertThat(m.port()).isEqualTo(port);
    try (Mqtt3BlockingClient.Mqtt3Publishes publishes =
        subscriber.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      assertThat(subscriber.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
      for (int i = 0; i < 3; i++) {
        assertThat(publishes.receive(WAIT.toSeconds(), TimeUnit.SECONDS))
            .hasValueSatisfying(p -> assertThat(p.getPayloadAsBytes()).hasSize(1));
      }
    }
    await().atMost(WAIT).until(() -> m.pubAcksFrom("persistent-sub") == 3);
    assertThat(m.logLines()).anyMatch(l -> l.contains("Received PUBLISH from pub"));
  }

  @Test
  void killEndsTheBrokerAtOnceAndRestartBringsItBack() throws Exception {
    MosquittoProcess m = started(MosquittoProcess.builder());

    m.kill();

    assertThat(m.isAlive()).isFalse();
    assertThatThrownBy(() -> new Socket("127.0.0.1", m.port()).close())
        .isInstanceOf(ConnectException.class);
    m.restart();
    client("after-kill", m.port()).connect();
  }

  @Test
  void aPausedBrokerAcceptsNothingUntilResumed() throws Exception {
    MosquittoProcess m = started(MosquittoProcess.builder());
    m.pause();

    Mqtt3AsyncClient c =
        Mqtt3Client.builder()
            .identifier("frozen")
            .serverHost("127.0.0.1")
            .serverPort(m.port())
            .buildAsync();
    CompletableFuture<?> connect = c.connect();
    // The kernel completes the TCP handshake, but no CONNACK comes from a frozen broker.
    assertThatThrownBy(() -> connect.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);

    m.resume();

    connect.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    c.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void listenersWithPasswordsAndTls() throws Exception {
    PkiFiles pki = PkiFiles.write(dir);
    Path passwords = MosquittoProcess.passwordFile(dir, "reader", "s3cret");
    Listener password = Listener.withPasswordFile(passwords);
    Listener tls = Listener.tls(pki.caCert(), pki.serverCert(), pki.serverKey(), false);
    MosquittoProcess m = started(MosquittoProcess.builder().listener(password).listener(tls));
    assertThat(m.port()).isEqualTo(password.port());

    assertThatThrownBy(() -> client("anonymous", password.port()).connect())
        .isInstanceOf(Mqtt3ConnAckException.class);
    client("reader", password.port())
        .connectWith()
        .simpleAuth()
        .username("reader")
        .password("s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();

    Mqtt3BlockingClient overTls =
        Mqtt3Client.builder()
            .identifier("tls")
            .serverHost("127.0.0.1")
            .serverPort(tls.port())
            .sslConfig(
                MqttClientSslConfig.builder().trustManagerFactory(trusting(pki.caCert())).build())
            .buildBlocking();
    overTls.connect();
    overTls.disconnect();
    Mqtt3BlockingClient plainToTls = client("plain-to-tls", tls.port());
    assertThatThrownBy(plainToTls::connect)
        .isInstanceOfAny(ConnectionClosedException.class, ConnectionFailedException.class);
  }

  private static TrustManagerFactory trusting(Path caCert) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (FileInputStream in = new FileInputStream(caCert.toFile())) {
      ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return tmf;
  }

  @Test
  void theConfigurationSaysWhatTheBuilderWasTold() throws Exception {
    MosquittoProcess m =
        started(
            MosquittoProcess.builder()
                .maxQueuedMessages(0)
                .maxQueuedBytes(0)
                .maxInflightMessages(20)
                .config("set_tcp_nodelay true"));

    assertThat(java.nio.file.Files.readAllLines(dir.resolve("mosquitto.conf")))
        .contains(
            "per_listener_settings true",
            "persistence false",
            "max_queued_messages 0",
            "max_queued_bytes 0",
            "max_inflight_messages 20",
            "set_tcp_nodelay true",
            "listener " + m.port() + " 127.0.0.1",
            "allow_anonymous true");
    assertThatThrownBy(() -> m.pubAcksFrom("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("verboseLog()");
    assertThat(MosquittoProcess.version())
        .hasValueSatisfying(v -> assertThat(v).startsWith("mosquitto version"));
  }
}
