/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import static io.dsm.danube.client.it.ItSupport.assertRefused;
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
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.danube.client.TlsConfig;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.JwtTokens;
import io.dsm.danube.testkit.TlsServerConfig;
import io.dsm.testsupport.PkiFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Against the testkit in Danube's {@code auth.mode: tls}: server TLS plus HS256 JWT. */
@Timeout(60)
class SecuredBrokerIT {
  private static final byte[] SECRET =
      "a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  static PkiFiles certs;
  static InMemoryDanubeBroker broker;

  @BeforeAll
  static void start() throws Exception {
    certs = PkiFiles.write(dir);
    broker =
        InMemoryDanubeBroker.builder()
            .tls(TlsServerConfig.serverOnly(certs.serverCert(), certs.serverKey()))
            .jwtSecret(SECRET)
            .start();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static DanubeClient client(String token) {
    DanubeClientConfig cfg =
        ItSupport.fastConfig(broker.serviceUrl())
            .withTls(new TlsConfig(true, certs.caCert(), null, null))
            .withToken(token)
            .withRetryBudget(Duration.ofSeconds(2));
    return DanubeClients.create(cfg);
  }

  @Test
  void validTokenOverTlsProducesConsumesAndUsesTheRegistry() throws Exception {
    assertThat(broker.serviceUrl()).startsWith("https://");
    try (DanubeClient client = client(JwtTokens.valid(SECRET, "connector", Duration.ofHours(1)));
        DanubeProducer p =
            producer(
                client, ProducerConfig.of("/default/secure", "sp", DispatchStrategy.RELIABLE));
        DanubeConsumer c =
            await(client.subscribe(ConsumerConfig.of("/default/secure", "sc", "s")))) {
      send(p, "over tls", "k");
      ReceivedMessage m = c.receive(ItSupport.WAIT).orElseThrow();
      assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("over tls");
      await(c.ack(m));
      assertThat(await(client.schemaRegistry().latest("unknown-subject"))).isEmpty();
    }
  }

  @Test
  void invalidTokensAreRejectedAtOnceAndNotRetried() throws Exception {
    for (String token :
        new String[] {JwtTokens.expired(SECRET, "old"), JwtTokens.wronglySigned("forged")}) {
      try (DanubeClient client = client(token)) {
        assertRefused(
            client.createProducer(nonReliable("/default/denied", "d")),
            DanubeStatus.UNAUTHENTICATED,
            message -> {
              assertThat(message).contains("CreateProducer").contains("/default/denied");
              assertThat(message).doesNotContain(token);
              // a permanent rejection is not retried: no "gave up after N attempts"
              assertThat(message).doesNotContain("gave up");
            });
      }
    }
  }

  @Test
  void mutualTlsAgainstABrokerThatRequiresClientCertificates() throws Exception {
    try (InMemoryDanubeBroker mtls =
            InMemoryDanubeBroker.builder()
                .mode(InMemoryDanubeBroker.Mode.STANDALONE)
                .tls(TlsServerConfig.mutual(certs.serverCert(), certs.serverKey(), certs.caCert()))
                .start();
        DanubeClient client =
            DanubeClients.create(
                ItSupport.fastConfig(mtls.serviceUrl())
                    .withTls(
                        new TlsConfig(
                            true,
                            certs.caCert(),
                            certs.rsaClientCert(),
                            certs.rsaClientKeyPkcs1())));
        DanubeProducer p = producer(client, "/default/mtls", "m")) {
      send(p, "mutual", null);
      assertThat(mtls.topic("/default/mtls").payloadsUtf8()).containsExactly("mutual");
    }
  }
}
