/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import static io.dsm.danube.client.it.ItSupport.assertFailsWith;
import static io.dsm.danube.client.it.ItSupport.await;
import static io.dsm.danube.client.it.ItSupport.nonReliable;
import static io.dsm.danube.client.it.ItSupport.producer;
import static io.dsm.danube.client.it.ItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.danube.client.TlsConfig;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.testsupport.PkiFiles;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS, mutual TLS and the bearer token, end to end through a TLS-terminating gRPC proxy in front of
 * the testkit broker (the proxy records the headers each call carried).
 */
@Timeout(60)
class TlsAndTokenIT {
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.perClass(b -> {});

  @TempDir static Path dir;
  static PkiFiles certs;

  InMemoryDanubeBroker broker;

  @BeforeAll
  static void certificates() throws Exception {
    certs = PkiFiles.write(dir);
  }

  private static SslContext serverTls(boolean requireClientCert) throws Exception {
    return GrpcSslContexts.forServer(certs.serverCert().toFile(), certs.serverKey().toFile())
        .trustManager(certs.caCert().toFile())
        .clientAuth(requireClientCert ? ClientAuth.REQUIRE : ClientAuth.NONE)
        .build();
  }

  private static DanubeClientConfig config(String url, TlsConfig tls, String token) {
    return ItSupport.fastConfig(url)
        .withTls(tls)
        .withToken(token)
        .withRetryBudget(Duration.ofSeconds(1));
  }

  @Test
  void customCaAndTokenOnEveryCall() throws Exception {
    try (RecordingGrpcProxy proxy = new RecordingGrpcProxy(broker.serviceUrl(), serverTls(false));
        DanubeClient client =
            DanubeClients.create(
                config(proxy.url(), new TlsConfig(true, certs.caCert(), null, null), "jwt-abc"));
        DanubeProducer p =
            producer(client, ProducerConfig.of("/default/tls", "tp", DispatchStrategy.RELIABLE));
        DanubeConsumer c = await(client.subscribe(ConsumerConfig.of("/default/tls", "tc", "s")))) {
      send(p, "secret", null);
      ReceivedMessage m = c.receive(ItSupport.WAIT).orElseThrow();
      assertThat(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("secret");
      await(c.ack(m));
      assertThat(await(client.topicPartitions("/default/tls"))).containsExactly("/default/tls");
      assertThat(proxy.calls())
          .hasSizeGreaterThan(5)
          .allSatisfy(
              x -> assertThat(x.authorization()).as(x.method()).isEqualTo("Bearer jwt-abc"));
    }
  }

  @Test
  void mutualTlsWithPkcs1RsaKey() throws Exception {
    assertMutualTls(certs.rsaClientCert(), certs.rsaClientKeyPkcs1());
  }

  @Test
  void mutualTlsWithSec1EcKey() throws Exception {
    assertMutualTls(certs.ecClientCert(), certs.ecClientKeySec1());
  }

  private void assertMutualTls(Path cert, Path key) throws Exception {
    try (RecordingGrpcProxy proxy = new RecordingGrpcProxy(broker.serviceUrl(), serverTls(true));
        DanubeClient client =
            DanubeClients.create(
                config(proxy.url(), new TlsConfig(true, certs.caCert(), cert, key), null));
        DanubeProducer p =
            producer(client, "/default/mtls-" + key.getFileName().toString().charAt(0), "mp")) {
      send(p, "ok", null);
    }
  }

  @Test
  void serverRequiringAClientCertificateRefusesAClientWithout() throws Exception {
    try (RecordingGrpcProxy proxy = new RecordingGrpcProxy(broker.serviceUrl(), serverTls(true));
        DanubeClient client =
            DanubeClients.create(
                config(proxy.url(), new TlsConfig(true, certs.caCert(), null, null), null))) {
      assertFailsWith(
          client.createProducer(nonReliable("/default/no-cert", "x")),
          DanubeException.class,
          e -> assertThat(e.getMessage()).contains("CreateProducer").contains("/default/no-cert"));
    }
  }

  @Test
  void untrustedServerCertificateFailsAtOnceWithoutRetrying() throws Exception {
    // A retry budget far longer than the wait: the failure must not be retried.
    try (RecordingGrpcProxy proxy = new RecordingGrpcProxy(broker.serviceUrl(), serverTls(false));
        DanubeClient client =
            DanubeClients.create(
                config(proxy.url(), new TlsConfig(true, certs.otherCaCert(), null, null), null)
                    .withRetryBudget(Duration.ofSeconds(60)))) {
      assertFailsWith(
          client.createProducer(nonReliable("/default/untrusted", "x")),
          DanubeException.class,
          e -> {
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.getMessage())
                .contains("CreateProducer for topic /default/untrusted")
                .contains("TLS handshake failed")
                .doesNotContain("\n")
                .doesNotContain("Channel Pipeline");
          });
      assertThat(proxy.calls()).isEmpty();
    }
  }
}
