/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Immutable producer settings.
 *
 * @param topic the Danube topic, {@code /namespace/name}
 * @param producerName the producer's identity on the topic (idempotent on the broker)
 * @param accessMode shared or exclusive
 * @param dispatchStrategy reliable or non-reliable; must match an existing topic's
 * @param partitions 0 for a plain topic, N for partitions {@code <topic>-part-0..N-1}
 * @param maxInFlightPerPartition the most sends awaiting a broker answer per partition (at least
 *     1); with {@link KeyOrdering#PER_KEY} never more than one per routing key. Further messages
 *     wait in the producer, see {@link DanubeProducer}
 * @param schemaRef an optional schema reference, or {@code null}
 * @param retryListener told of each resend the client does on its own, or {@code null}
 * @param ordering whether messages of one routing key are kept in order
 * @param sendRetryBudget how long a send that fails retriably is retried before its future fails;
 *     {@code null} for the client's retry budget, {@link #RETRY_UNTIL_CLOSED} to retry until the
 *     producer is closed (the message then keeps its place at the head of its key)
 */
public record ProducerConfig(
    String topic,
    String producerName,
    AccessMode accessMode,
    DispatchStrategy dispatchStrategy,
    int partitions,
    int maxInFlightPerPartition,
    SchemaRef schemaRef,
    SendRetryListener retryListener,
    KeyOrdering ordering,
    Duration sendRetryBudget) {
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_PARTITION = 64;

  /** A send retry budget that never runs out while the producer is open. */
  public static final Duration RETRY_UNTIL_CLOSED = Duration.ofNanos(Long.MAX_VALUE);

  public ProducerConfig {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(producerName, "producerName");
    accessMode = accessMode == null ? AccessMode.SHARED : accessMode;
    dispatchStrategy = dispatchStrategy == null ? DispatchStrategy.NON_RELIABLE : dispatchStrategy;
    ordering = ordering == null ? KeyOrdering.PER_KEY : ordering;
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0, but was " + partitions);
    }
    if (maxInFlightPerPartition < 1) {
      throw new IllegalArgumentException(
          "maxInFlightPerPartition must be >= 1, but was " + maxInFlightPerPartition);
    }
    if (sendRetryBudget != null && (sendRetryBudget.isNegative() || sendRetryBudget.isZero())) {
      throw new IllegalArgumentException(
          "sendRetryBudget must be positive, but was " + sendRetryBudget);
    }
  }

  /** A plain (non-partitioned) topic with the defaults: per-key order, the client's budget. */
  public static ProducerConfig of(String topic, String producerName, DispatchStrategy dispatch) {
    return new ProducerConfig(
        topic,
        producerName,
        AccessMode.SHARED,
        dispatch,
        0,
        DEFAULT_MAX_IN_FLIGHT_PER_PARTITION,
        null,
        null,
        KeyOrdering.PER_KEY,
        null);
  }

  public ProducerConfig withPartitions(int n) {
    return copy(c -> c.partitions = n);
  }

  public ProducerConfig withMaxInFlightPerPartition(int n) {
    return copy(c -> c.maxInFlightPerPartition = n);
  }

  public ProducerConfig withSchemaRef(SchemaRef ref) {
    return copy(c -> c.schemaRef = ref);
  }

  /** Sets the listener told of each resend the client does within its retry budget. */
  public ProducerConfig withRetryListener(SendRetryListener listener) {
    return copy(c -> c.retryListener = listener);
  }

  public ProducerConfig withOrdering(KeyOrdering keyOrdering) {
    return copy(c -> c.ordering = keyOrdering);
  }

  public ProducerConfig withSendRetryBudget(Duration budget) {
    return copy(c -> c.sendRetryBudget = budget);
  }

  /** This config with what {@code change} sets in a copy of its fields (validated again). */
  private ProducerConfig copy(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new ProducerConfig(
        f.topic,
        f.producerName,
        f.accessMode,
        f.dispatchStrategy,
        f.partitions,
        f.maxInFlightPerPartition,
        f.schemaRef,
        f.retryListener,
        f.ordering,
        f.sendRetryBudget);
  }

  /** The components as mutable fields, for {@link #copy}. */
  private static final class Fields {
    String topic;
    String producerName;
    AccessMode accessMode;
    DispatchStrategy dispatchStrategy;
    int partitions;
    int maxInFlightPerPartition;
    SchemaRef schemaRef;
    SendRetryListener retryListener;
    KeyOrdering ordering;
    Duration sendRetryBudget;

    Fields(ProducerConfig c) {
      topic = c.topic;
      producerName = c.producerName;
      accessMode = c.accessMode;
      dispatchStrategy = c.dispatchStrategy;
      partitions = c.partitions;
      maxInFlightPerPartition = c.maxInFlightPerPartition;
      schemaRef = c.schemaRef;
      retryListener = c.retryListener;
      ordering = c.ordering;
      sendRetryBudget = c.sendRetryBudget;
    }
  }
}
