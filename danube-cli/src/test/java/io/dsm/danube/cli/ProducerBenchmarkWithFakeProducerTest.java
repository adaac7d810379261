/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's own bookkeeping (in-flight bound, counting, stopping on failure) against a fake
 * producer that answers from another thread; the real client is exercised by {@code DanubeCliIT}.
 */
@Timeout(30)
class ProducerBenchmarkWithFakeProducerTest {

  private final ExecutorService broker =
      Executors.newFixedThreadPool(
          4,
          runnable -> {
            Thread thread = new Thread(runnable, "fake-broker-answers");
            thread.setDaemon(true);
            return thread;
          });

  @AfterEach
  void stop() {
    broker.shutdownNow();
  }

  @Test
  void neverExceedsTheInFlightLimitAndCountsEveryAcknowledgement() throws Exception {
    FakeProducer producer = new FakeProducer(-1);
    BenchmarkSettings settings =
        new BenchmarkSettings("/default/perf", 16, 8, 2_000, 100, 0, false, 0);

    BenchmarkResult result =
        new ProducerBenchmark(producer, settings, Duration.ofSeconds(10)).run();

    assertThat(producer.maxOutstanding.get()).isBetween(1, 8);
    assertThat(producer.sent.get()).isEqualTo(2_100);
    assertThat(result.acknowledged()).isEqualTo(2_000);
    assertThat(result.failed()).isZero();
    assertThat(result.firstFailure()).isNull();
    assertThat(result.p50Micros()).isLessThanOrEqualTo(result.p99Micros());
    assertThat(result.p99Micros()).isLessThanOrEqualTo(result.maxMicros());
    assertThat(producer.keys).containsOnly("<none>");
  }

  @Test
  void cyclesThroughTheRequestedNumberOfRoutingKeys() throws Exception {
    FakeProducer producer = new FakeProducer(-1);
    BenchmarkSettings settings = new BenchmarkSettings("/default/perf", 1, 4, 100, 0, 3, false, 0);

    new ProducerBenchmark(producer, settings, Duration.ofSeconds(10)).run();

    assertThat(producer.keys).containsExactlyInAnyOrder("key-0", "key-1", "key-2");
  }

  @Test
  void stopsSendingAfterTheFirstRejectionAndReportsIt() throws Exception {
    FakeProducer producer = new FakeProducer(50);
    BenchmarkSettings settings =
        new BenchmarkSettings("/default/perf", 16, 1, 1_000, 0, 0, false, 0);

    BenchmarkResult result =
        new ProducerBenchmark(producer, settings, Duration.ofSeconds(10)).run();

    assertThat(result.failed()).isEqualTo(1);
    assertThat(result.acknowledged()).isEqualTo(50);
    assertThat(producer.sent.get()).isEqualTo(51);
    assertThat(result.firstFailure()).contains("too big").contains("INVALID_ARGUMENT");
  }

  @Test
  void throughputFiguresFollowFromCountSizeAndElapsedTime() {
    BenchmarkSettings settings =
        new BenchmarkSettings("/default/perf", 1_000, 1, 500, 0, 0, false, 0);
    BenchmarkResult result =
        new BenchmarkResult(settings, 500, 0, 0.25, 10, 20, 30, 40, 50, 12.5, null);

    assertThat(result.messagesPerSecond()).isEqualTo(2_000.0);
    assertThat(result.megabytesPerSecond()).isEqualTo(2.0);
    assertThat(result.summaryLine())
        .startsWith("perf topic=/default/perf size=1000 in_flight=1 keys=0 ")
        .contains("2000.0 msg/s, 2.00 MB/s")
        .contains("p50=10 p90=20 p99=30 p99.9=40 max=50");
  }

  /** Acknowledges every send from another thread; fails the send with index {@code failAt}. */
  private final class FakeProducer implements DanubeProducer {
    final AtomicLong sent = new AtomicLong();
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicInteger maxOutstanding = new AtomicInteger();
    final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final long failAt;

    FakeProducer(long failAt) {
      this.failAt = failAt;
    }

    @Override
    public String topic() {
      return "/default/perf";
    }

    @Override
    public CompletableFuture<MessageId> sendAsync(OutgoingMessage message) {
      long index = sent.getAndIncrement();
      keys.add(message.routingKey() == null ? "<none>" : message.routingKey());
      maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
      CompletableFuture<MessageId> future = new CompletableFuture<>();
      broker.execute(
          () -> {
            outstanding.decrementAndGet();
            if (index == failAt) {
              future.completeExceptionally(
                  new DanubeException(
                      "payload too big", DanubeStatus.INVALID_ARGUMENT, false, null));
            } else {
              future.complete(new MessageId("/default/perf", 1, index));
            }
          });
      return future;
    }

    @Override
    public int pendingCount() {
      return outstanding.get();
    }

    @Override
    public void close() {}
  }
}
