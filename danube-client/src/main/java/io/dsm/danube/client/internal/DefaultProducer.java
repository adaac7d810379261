/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerClosedException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A producer over one topic's partitions; routing by {@link PartitionSelector}. */
final class DefaultProducer implements DanubeProducer {
  private final String topic;
  private final List<PartitionProducer> partitions;
  private final PartitionSelector selector;
  private final AtomicInteger pending;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable onClose;

  DefaultProducer(
      String topic, List<PartitionProducer> partitions, AtomicInteger pending, Runnable onClose) {
    this.topic = topic;
    this.partitions = List.copyOf(partitions);
    this.selector = new PartitionSelector(partitions.size());
    this.pending = pending;
    this.onClose = onClose;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public CompletableFuture<MessageId> sendAsync(OutgoingMessage message) {
    Objects.requireNonNull(message, "message");
    if (closed.get()) {
      return CompletableFuture.failedFuture(new ProducerClosedException(topic));
    }
    return partitions.get(selector.select(message.routingKey())).send(message);
  }

  @Override
  public int pendingCount() {
    return pending.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      partitions.forEach(PartitionProducer::close);
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "DanubeProducer[" + topic + ", partitions=" + partitions.size() + "]";
  }
}
