/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Shared helpers for the client ITs: fast timings, blocking waits with timeouts. */
final class ItSupport {
  static final Duration WAIT = Duration.ofSeconds(10);

  private ItSupport() {}

  static DanubeClientConfig fastConfig(String url) {
    return DanubeClientConfig.of(url)
        .withRpcTimeout(Duration.ofSeconds(2))
        .withRetryBudget(Duration.ofSeconds(8))
        .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .withHealthCheckInterval(Duration.ofMillis(200));
  }

  static DanubeClient client(String url) {
    return DanubeClients.create(fastConfig(url));
  }

  static DanubeProducer producer(DanubeClient client, ProducerConfig cfg) throws Exception {
    return client.createProducer(cfg).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static DanubeProducer producer(DanubeClient client, String topic, String name) throws Exception {
    return producer(client, nonReliable(topic, name));
  }

  /** A producer of a plain non-reliable {@code topic} with the defaults. */
  static ProducerConfig nonReliable(String topic, String name) {
    return ProducerConfig.of(topic, name, DispatchStrategy.NON_RELIABLE);
  }

  /**
   * Asserts that {@code f} fails within {@link #WAIT}, caused by a {@code type} that passes {@code
   * check}.
   */
  static <E extends Throwable> void assertFailsWith(
      Future<?> f, Class<E> type, Consumer<? super E> check) {
    assertThat(f)
        .failsWithin(WAIT)
        .withThrowableThat()
        .havingCause()
        .isInstanceOfSatisfying(type, check::accept);
  }

  /**
   * Asserts that {@code f} fails within {@link #WAIT}, refused for good: a {@link DanubeException}
   * of {@code status} that is not retriable, whose message passes {@code message}.
   */
  static void assertRefused(Future<?> f, DanubeStatus status, Consumer<String> message) {
    assertFailsWith(
        f,
        DanubeException.class,
        e -> {
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.isRetriable()).isFalse();
          message.accept(e.getMessage());
        });
  }

  /** Asserts that {@code f} fails within {@link #WAIT}, caused by a {@code type}. */
  static void assertFailsWith(Future<?> f, Class<? extends Throwable> type) {
    assertFailsWith(f, type, e -> {});
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static OutgoingMessage msg(String payload, String key) {
    return new OutgoingMessage(payload.getBytes(StandardCharsets.UTF_8), Map.of(), key);
  }

  static MessageId send(DanubeProducer p, String payload, String key) throws Exception {
    return await(p.sendAsync(msg(payload, key)));
  }

  /** Danube's key routing, recomputed independently with unbounded integers. */
  static int expectedPartition(String key, int partitions) {
    BigInteger two64 = BigInteger.ONE.shiftLeft(64);
    BigInteger hash = new BigInteger("cbf29ce484222325", 16);
    BigInteger prime = new BigInteger("100000001b3", 16);
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash = hash.xor(BigInteger.valueOf(b & 0xff)).multiply(prime).mod(two64);
    }
    return hash.mod(BigInteger.valueOf(partitions)).intValue();
  }
}
