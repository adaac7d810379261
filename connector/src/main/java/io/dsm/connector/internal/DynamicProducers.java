/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import io.dsm.common.failure.Failures;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerClosedException;
import io.dsm.danube.client.ProducerConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producers of Danube topics rendered from route templates, created on first use and kept in a
 * bounded least-recently-used cache so that a million distinct targets cannot exhaust memory.
 *
 * <p><b>Nothing in flight is lost by eviction:</b> only an <i>idle</i> producer (every message
 * handed to it answered, {@link DanubeProducer#pendingCount()} zero) is closed to make room. When
 * every cached producer is busy the cache grows past its capacity for as long as they are; each
 * busy producer holds at least one message of the intake window, so the excess is bounded by {@code
 * MAX_IN_FLIGHT} and shrinks again as they become idle (checked on each insertion).
 *
 * <p><b>Order:</b> messages for a topic whose producer is still being created wait in that entry,
 * in arrival order, and are handed to the producer in that order once it exists; if creation fails,
 * each of them fails with the creation's error (the dispatcher decides what that means).
 *
 * <p><b>Failed creations are remembered</b> for {@link #FAILURE_MEMORY} (at most {@code capacity}
 * topics): messages for such a topic fail at once with the same error instead of each waiting for a
 * creation of its own (a namespace that does not exist would otherwise hold a window slot for the
 * client's whole retry budget per message).
 *
 * <p>Thread-safe: one lock guards the map; sends are started under it so that a producer cannot be
 * evicted between being looked up and being given a message. Nothing under the lock blocks.
 */
final class DynamicProducers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DynamicProducers.class);

  private final Function<ProducerConfig, CompletableFuture<DanubeProducer>> factory;
  private final int capacity;
  private final Runnable onEviction;
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Failed> failed = new LinkedHashMap<>();
  private final java.util.function.LongSupplier nanoTime;
  private boolean closed;

  /** How long a failed creation is remembered. */
  static final java.time.Duration FAILURE_MEMORY = java.time.Duration.ofSeconds(10);

  private record Failed(Throwable error, long untilNanos) {}

  private static final class Entry {
    DanubeProducer producer; // null while being created
    List<Waiting> waiting = new ArrayList<>();
  }

  private record Waiting(OutgoingMessage message, CompletableFuture<MessageId> result) {}

  /**
   * @param factory creates a producer (the Danube client's {@code createProducer})
   * @param capacity how many producers are kept when idle ones can be closed
   * @param onEviction told of each idle producer closed to make room
   */
  DynamicProducers(
      Function<ProducerConfig, CompletableFuture<DanubeProducer>> factory,
      int capacity,
      Runnable onEviction) {
    this(factory, capacity, onEviction, System::nanoTime);
  }

  /** As above, with the clock of the failure memory (tests). */
  DynamicProducers(
      Function<ProducerConfig, CompletableFuture<DanubeProducer>> factory,
      int capacity,
      Runnable onEviction,
      java.util.function.LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, but was " + capacity);
    }
    this.factory = factory;
    this.capacity = capacity;
    this.onEviction = onEviction;
  }

  /**
   * Sends {@code message} with the producer of {@code config.topic()}, creating it first if needed.
   * The future completes as {@link DanubeProducer#sendAsync}'s does, or exceptionally with the
   * producer creation's failure.
   */
  CompletableFuture<MessageId> send(ProducerConfig config, OutgoingMessage message) {
    String topic = config.topic();
    boolean create = false;
    List<DanubeProducer> evicted;
    CompletableFuture<MessageId> result;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new ProducerClosedException(topic));
      }
      Entry e = entries.get(topic);
      if (e != null && e.producer != null) {
        return sendTo(e.producer, message);
      }
      if (e == null) {
        Failed f = failed.get(topic);
        if (f != null) {
          if (nanoTime.getAsLong() - f.untilNanos() < 0) {
            return CompletableFuture.failedFuture(f.error());
          }
          failed.remove(topic);
        }
        e = new Entry();
        entries.put(topic, e);
        create = true;
      }
      result = new CompletableFuture<>();
      e.waiting.add(new Waiting(message, result));
      evicted = create ? evictIdle() : List.of();
    }
    evicted.forEach(DanubeProducer::close);
    if (create) {
      CompletableFuture<DanubeProducer> created;
      try {
        created = factory.apply(config);
      } catch (RuntimeException ex) {
        created = CompletableFuture.failedFuture(ex);
      }
      created.whenComplete((p, err) -> onCreated(topic, p, err));
    }
    return result;
  }

  private void onCreated(String topic, DanubeProducer producer, Throwable err) {
    List<Waiting> waiting;
    boolean closeIt = false;
    synchronized (this) {
      Entry e = entries.get(topic);
      waiting = e == null ? List.of() : e.waiting;
      if (e != null) {
        e.waiting = new ArrayList<>();
      }
      if (err != null || closed) {
        entries.remove(topic);
        closeIt = producer != null;
        if (err != null && !closed) {
          if (failed.size() >= capacity) {
            Iterator<String> oldest = failed.keySet().iterator();
            oldest.next();
            oldest.remove();
          }
          failed.put(
              topic,
              new Failed(Failures.unwrap(err), nanoTime.getAsLong() + FAILURE_MEMORY.toNanos()));
        }
      } else {
        e.producer = producer;
        // Started under the lock, in arrival order, before any later message of this topic.
        for (Waiting w : waiting) {
          forward(sendTo(producer, w.message()), w.result());
        }
        waiting = List.of();
      }
    }
    if (closeIt) {
      producer.close();
    }
    if (err != null) {
      LOG.warn(
          "Cannot create the Danube producer for {}: {}", topic, Failures.unwrap(err).getMessage());
    }
    Throwable failure = err != null ? Failures.unwrap(err) : new ProducerClosedException(topic);
    for (Waiting w : waiting) {
      w.result().completeExceptionally(failure);
    }
  }

  /** Closes least recently used idle producers while over capacity; returns them (to close). */
  private List<DanubeProducer> evictIdle() {
    List<DanubeProducer> out = new ArrayList<>();
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (entries.size() > capacity && it.hasNext()) {
      Entry e = it.next().getValue();
      if (e.producer != null && e.producer.pendingCount() == 0) {
        it.remove();
        out.add(e.producer);
        onEviction.run();
      }
    }
    if (!out.isEmpty() && LOG.isDebugEnabled()) {
      LOG.debug("Closed {} idle dynamic producer(s); {} cached", out.size(), entries.size());
    }
    return out;
  }

  private static CompletableFuture<MessageId> sendTo(DanubeProducer p, OutgoingMessage m) {
    try {
      return p.sendAsync(m);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void forward(CompletableFuture<MessageId> from, CompletableFuture<MessageId> to) {
    from.whenComplete(
        (id, err) -> {
          if (err == null) {
            to.complete(id);
          } else {
            to.completeExceptionally(err);
          }
        });
  }

  /** How many producers are cached (created or being created). */
  synchronized int size() {
    return entries.size();
  }

  /** Closes every producer; sends still pending fail with {@link ProducerClosedException}. */
  @Override
  public void close() {
    List<DanubeProducer> toClose = new ArrayList<>();
    List<Waiting> waiting = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        if (e.getValue().producer != null) {
          toClose.add(e.getValue().producer);
        }
        waiting.addAll(e.getValue().waiting);
      }
      entries.clear();
    }
    toClose.forEach(DanubeProducer::close);
    for (Waiting w : waiting) {
      w.result().completeExceptionally(new ProducerClosedException("dynamic target"));
    }
  }
}
