/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import static io.dsm.danube.client.it.ItSupport.await;
import static io.dsm.danube.client.it.ItSupport.producer;
import static io.dsm.danube.client.it.ItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.danube.client.DanubeAdminClient;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.TlsConfig;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.JwtTokens;
import io.dsm.danube.testkit.TlsServerConfig;
import io.dsm.testsupport.PkiFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The admin client against the testkit's admin port over TCP. */
@Timeout(60)
class AdminClientIT {
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(b -> b.mode(InMemoryDanubeBroker.Mode.CLUSTER));

  InMemoryDanubeBroker broker;

  private DanubeAdminClient admin() {
    return DanubeClients.createAdmin(
        broker.adminUrl(), ItSupport.fastConfig("http://unused.invalid:1"));
  }

  private static DanubeException failure(java.util.concurrent.CompletableFuture<?> f) {
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowableOfType(
                ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS))
            .getCause();
    assertThat(t).isInstanceOf(DanubeException.class);
    return (DanubeException) t;
  }

  @Test
  void createdNamespaceLetsProducersCreateTopicsThere() throws Exception {
    try (DanubeAdminClient admin = admin();
        DanubeClient client = ItSupport.client(broker.serviceUrl())) {
      DanubeException missing =
          failure(
              client.createProducer(
                  io.dsm.danube.client.ProducerConfig.of(
                      "/iot/data", "p", io.dsm.danube.client.DispatchStrategy.NON_RELIABLE)));
      assertThat(missing.getMessage()).contains("Unable to find the namespace iot");

      await(admin.createNamespace("iot"));
      send(producer(client, "/iot/data", "p"), "hello", null);
      assertThat(broker.topic("/iot/data").payloadsUtf8()).containsExactly("hello");
    }
  }

  @Test
  void creatingAnExistingNamespaceFailsAsDanubeAnswersIt() throws Exception {
    try (DanubeAdminClient admin = admin()) {
      DanubeException e = failure(admin.createNamespace("default"));
      assertThat(e.status()).isEqualTo(DanubeStatus.NOT_FOUND);
      assertThat(e.isRetriable()).isFalse();
      assertThat(e.getMessage())
          .isEqualTo(
              "CreateNamespace for namespace default failed with NOT_FOUND: Unable to create the"
                  + " namespace default due to Namespace default already exists.");
    }
  }

  @Test
  void createIfAbsentTellsWhetherItCreated() throws Exception {
    try (DanubeAdminClient admin = admin()) {
      assertThat(await(admin.createNamespaceIfAbsent("orders"))).isTrue();
      assertThat(await(admin.createNamespaceIfAbsent("orders"))).isFalse();
      assertThat(broker.namespaces()).contains("orders");
    }
  }

  @Test
  void listIsDistinctAlthoughDanubeRepeatsNamespacesPerTopic() throws Exception {
    broker.createNamespace("iot");
    try (DanubeAdminClient admin = admin();
        DanubeClient client = ItSupport.client(broker.serviceUrl())) {
      producer(client, "/iot/a", "p");
      producer(client, "/iot/b", "p");
      assertThat(await(admin.listNamespaces())).containsExactly("default", "iot", "system");
    }
  }

  @Test
  void ensureNamespacesCreatesOnlyTheMissingOnes() throws Exception {
    broker.createNamespace("iot");
    try (DanubeAdminClient admin = admin()) {
      assertThat(await(admin.ensureNamespaces(List.of("iot", "a", "b", "a"))))
          .containsExactly("a", "b");
      assertThat(await(admin.ensureNamespaces(List.of("iot", "a", "b")))).isEmpty();
      assertThat(broker.namespaces()).contains("a", "b", "iot");
    }
  }

  @Test
  void aNameThatCouldNeverHoldATopicIsRefusedBeforeAnyCall() {
    try (DanubeAdminClient admin = admin()) {
      assertThatThrownBy(() -> admin.createNamespace("a/b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "namespace 'a/b' is not a Danube namespace name: use letters, digits, '_' or '-'");
      assertThatThrownBy(() -> admin.ensureNamespaces(List.of("ok", "")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anUnreachableAdminPortIsRetriedWithinTheBudgetThenFailsRetriably() throws Exception {
    String url = broker.adminUrl();
    broker.stopBroker(0);
    DanubeClientConfig config =
        ItSupport.fastConfig("http://unused.invalid:1").withRetryBudget(Duration.ofMillis(600));
    try (DanubeAdminClient admin = DanubeClients.createAdmin(url, config)) {
      long start = System.nanoTime();
      DanubeException e = failure(admin.listNamespaces());
      assertThat(e.isRetriable()).isTrue();
      assertThat(e.status()).isEqualTo(DanubeStatus.UNAVAILABLE);
      assertThat(e.getMessage()).startsWith("ListNamespaces for admin " + url + " gave up after");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aTokenIsNeverSentToAPlaintextAdminUrl() {
    DanubeClientConfig config =
        ItSupport.fastConfig("https://127.0.0.1:6650").withToken("secret-token");
    assertThatThrownBy(() -> DanubeClients.createAdmin(broker.adminUrl(), config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not https: the token would be sent in clear text")
        .hasMessageNotContaining("secret-token");
  }

  @Test
  void tlsAndTokenOnAnAdminPortServedWithAdminTls(@TempDir Path dir) throws Exception {
    PkiFiles certs = PkiFiles.write(dir);
    byte[] secret = "a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8);
    try (InMemoryDanubeBroker secured =
        InMemoryDanubeBroker.builder()
            .tls(TlsServerConfig.serverOnly(certs.serverCert(), certs.serverKey()))
            .adminTls(true)
            .jwtSecret(secret)
            .start()) {
      DanubeClientConfig config =
          ItSupport.fastConfig(secured.serviceUrl())
              .withTls(new TlsConfig(true, certs.caCert(), null, null))
              .withToken(JwtTokens.valid(secret, "admin", Duration.ofMinutes(5)));
      try (DanubeAdminClient admin = DanubeClients.createAdmin(secured.adminUrl(), config)) {
        assertThat(secured.adminUrl()).startsWith("https://");
        assertThat(await(admin.createNamespaceIfAbsent("secure"))).isTrue();
        assertThat(secured.namespaces()).contains("secure");
      }
      DanubeClientConfig wrongToken = config.withToken(JwtTokens.wronglySigned("intruder"));
      try (DanubeAdminClient admin = DanubeClients.createAdmin(secured.adminUrl(), wrongToken)) {
        DanubeException e = failure(admin.listNamespaces());
        assertThat(e.status()).isEqualTo(DanubeStatus.UNAUTHENTICATED);
        assertThat(e.isRetriable()).isFalse();
      }
    }
  }
}
