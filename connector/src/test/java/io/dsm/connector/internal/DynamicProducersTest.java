/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerClosedException;
import io.dsm.danube.client.ProducerConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DynamicProducersTest {

  /** A producer whose sends stay pending until the test completes them. */
  static final class HeldProducer implements DanubeProducer {
    final String topic;
    final List<CompletableFuture<MessageId>> sends = new ArrayList<>();
    final List<String> payloads = new ArrayList<>();
    boolean closed;

    HeldProducer(String topic) {
      this.topic = topic;
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public synchronized CompletableFuture<MessageId> sendAsync(OutgoingMessage message) {
      CompletableFuture<MessageId> f = new CompletableFuture<>();
      sends.add(f);
      payloads.add(new String(message.payload(), StandardCharsets.UTF_8));
      return f;
    }

    @Override
    public synchronized int pendingCount() {
      return (int) sends.stream().filter(f -> !f.isDone()).count();
    }

    synchronized void completeAll() {
      sends.forEach(f -> f.complete(new MessageId(topic, 1, 1)));
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final Map<String, HeldProducer> created = new HashMap<>();
  private final Map<String, CompletableFuture<DanubeProducer>> creations = new HashMap<>();
  private final AtomicInteger evictions = new AtomicInteger();
  private boolean createAtOnce = true;

  private CompletableFuture<DanubeProducer> create(ProducerConfig c) {
    HeldProducer p = new HeldProducer(c.topic());
    created.put(c.topic(), p);
    CompletableFuture<DanubeProducer> f = new CompletableFuture<>();
    creations.put(c.topic(), f);
    if (createAtOnce) {
      f.complete(p);
    }
    return f;
  }

  private static ProducerConfig config(String topic) {
    return ProducerConfig.of(
        topic, "p-" + topic.substring(1).replace('/', '_'), DispatchStrategy.RELIABLE);
  }

  private static OutgoingMessage msg(String s) {
    return new OutgoingMessage(s.getBytes(StandardCharsets.UTF_8), Map.of(), null);
  }

  @Test
  void idleProducersBeyondTheCapacityAreClosedLeastRecentlyUsedFirst() {
    DynamicProducers cache = new DynamicProducers(this::create, 2, evictions::incrementAndGet);
    for (String t : List.of("/ns/a", "/ns/b")) {
      cache.send(config(t), msg(t));
      created.get(t).completeAll();
    }
    cache.send(config("/ns/a"), msg("a again")); // a is now the most recently used
    created.get("/ns/a").completeAll();

    cache.send(config("/ns/c"), msg("c"));

    assertThat(created.get("/ns/b").closed).isTrue();
    assertThat(created.get("/ns/a").closed).isFalse();
    assertThat(cache.size()).isEqualTo(2);
    assertThat(evictions.get()).isEqualTo(1);
  }

  @Test
  void aProducerWithMessagesInFlightIsNeverClosedToMakeRoom() {
    DynamicProducers cache = new DynamicProducers(this::create, 1, evictions::incrementAndGet);
    CompletableFuture<MessageId> inFlight = cache.send(config("/ns/a"), msg("a"));

    cache.send(config("/ns/b"), msg("b"));
    cache.send(config("/ns/c"), msg("c"));

    assertThat(created.get("/ns/a").closed).isFalse();
    assertThat(cache.size()).isEqualTo(3); // over capacity while every producer is busy
    assertThat(evictions.get()).isZero();

    created.values().forEach(HeldProducer::completeAll);
    assertThat(inFlight).isCompleted();
    cache.send(config("/ns/d"), msg("d"));
    assertThat(cache.size()).isEqualTo(1);
    assertThat(evictions.get()).isEqualTo(3);
    assertThat(created.get("/ns/a").closed).isTrue();
  }

  @Test
  void messagesWaitingForTheProducerAreSentInArrivalOrder() {
    createAtOnce = false;
    DynamicProducers cache = new DynamicProducers(this::create, 10, evictions::incrementAndGet);
    for (int i = 0; i < 5; i++) {
      cache.send(config("/ns/a"), msg("m" + i));
    }
    assertThat(created).hasSize(1); // one creation for all of them

    creations.get("/ns/a").complete(created.get("/ns/a"));
    cache.send(config("/ns/a"), msg("m5"));

    assertThat(created.get("/ns/a").payloads).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
  }

  @Test
  void aFailedCreationFailsEveryWaitingMessageAndLeavesNoProducer() {
    createAtOnce = false;
    DynamicProducers cache = new DynamicProducers(this::create, 10, evictions::incrementAndGet);
    CompletableFuture<MessageId> first = cache.send(config("/ns/a"), msg("m0"));
    CompletableFuture<MessageId> second = cache.send(config("/ns/a"), msg("m1"));
    DanubeException refused =
        new DanubeException("no", DanubeStatus.PERMISSION_DENIED, false, null);

    creations.get("/ns/a").completeExceptionally(refused);

    assertThat(first).isCompletedExceptionally();
    assertThat(second).isCompletedExceptionally();
    assertThat(cache.size()).isZero();
  }

  @Test
  void closingFailsWaitingMessagesAsClosedSoTheyAreNotAcknowledged() {
    createAtOnce = false;
    DynamicProducers cache = new DynamicProducers(this::create, 10, evictions::incrementAndGet);
    CompletableFuture<MessageId> waiting = cache.send(config("/ns/a"), msg("m0"));

    cache.close();
    creations.get("/ns/a").complete(created.get("/ns/a"));

    assertThat(waiting)
        .failsWithin(java.time.Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(ProducerClosedException.class);
    assertThat(created.get("/ns/a").closed).isTrue();
    assertThat(cache.send(config("/ns/b"), msg("x"))).isCompletedExceptionally();
  }

  @Test
  void aFailedCreationIsRememberedBrieflySoMessagesFailAtOnce() {
    createAtOnce = false;
    long[] now = {0};
    DynamicProducers cache =
        new DynamicProducers(this::create, 10, evictions::incrementAndGet, () -> now[0]);
    cache.send(config("/ns/a"), msg("m0"));
    DanubeException missing =
        new DanubeException(
            "Unable to find the namespace ns", DanubeStatus.UNAVAILABLE, true, null);
    creations.get("/ns/a").completeExceptionally(missing);
    creations.clear();

    CompletableFuture<MessageId> soon = cache.send(config("/ns/a"), msg("m1"));

    assertThat(soon).isCompletedExceptionally();
    assertThat(creations).isEmpty(); // no new creation
    now[0] += DynamicProducers.FAILURE_MEMORY.toNanos();
    cache.send(config("/ns/a"), msg("m2"));
    assertThat(creations).containsOnlyKeys("/ns/a");
  }
}
