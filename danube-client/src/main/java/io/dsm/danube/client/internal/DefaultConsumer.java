/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A consumer over one or more partition topics, sharing one receive queue. The queue is bounded by
 * flow control rather than by blocking: a stream is asked for its next message only while the queue
 * holds fewer than {@code receiveQueueCapacity} messages, so at most capacity + one message per
 * partition can be queued.
 */
final class DefaultConsumer implements DanubeConsumer {
  private final ClientContext ctx;
  private final String topic;
  private final int capacity;
  private final LinkedBlockingQueue<ReceivedMessage> queue = new LinkedBlockingQueue<>();
  private final Set<PartitionConsumer> parked = ConcurrentHashMap.newKeySet();
  private final Map<String, PartitionConsumer> byTopic = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable onClose;
  private volatile DanubeException fatal;

  DefaultConsumer(ClientContext ctx, String topic, int capacity, Runnable onClose) {
    this.ctx = ctx;
    this.topic = topic;
    this.capacity = capacity;
    this.onClose = onClose;
  }

  void add(PartitionConsumer pc) {
    byTopic.put(pc.topic(), pc);
  }

  List<PartitionConsumer> partitions() {
    return new ArrayList<>(byTopic.values());
  }

  /** Called on the event loop for each streamed message; never blocks. */
  void onMessage(PartitionConsumer from, ReceivedMessage m) {
    queue.add(m);
    if (queue.size() < capacity) {
      from.requestOne();
    } else {
      parked.add(from);
      // receive() may have drained the queue between our size check and parking
      if (queue.size() < capacity && parked.remove(from)) {
        from.requestOne();
      }
    }
  }

  /** Messages waiting for {@link #receive} (for tests and diagnostics). */
  int queuedCount() {
    return queue.size();
  }

  void onFatal(DanubeException e) {
    fatal = e;
  }

  /**
   * {@inheritDoc}
   *
   * @throws DanubeException when a partition's subscription was rejected permanently and no message
   *     is left in the queue
   */
  @Override
  public Optional<ReceivedMessage> receive(Duration timeout) throws InterruptedException {
    ReceivedMessage m = queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    if (m != null) {
      for (PartitionConsumer pc : parked) {
        if (queue.size() < capacity && parked.remove(pc)) {
          pc.requestOne();
        }
      }
      return Optional.of(m);
    }
    DanubeException f = fatal;
    if (f != null) {
      throw f;
    }
    return Optional.empty();
  }

  @Override
  public CompletableFuture<Void> ack(ReceivedMessage message) {
    return ctx.onCallbackThread(partitionOf(message).ack(message));
  }

  @Override
  public CompletableFuture<Void> nack(ReceivedMessage message, Duration delay, String reason) {
    return ctx.onCallbackThread(partitionOf(message).nack(message, delay, reason));
  }

  private PartitionConsumer partitionOf(ReceivedMessage m) {
    PartitionConsumer pc = byTopic.get(m.topic());
    if (pc == null) {
      throw new IllegalArgumentException(
          "message from topic " + m.topic() + " was not received by this consumer of " + topic);
    }
    return pc;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      byTopic.values().forEach(PartitionConsumer::close);
      onClose.run();
    }
  }
}
