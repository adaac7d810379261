/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.Objects;

/**
 * Immutable producer settings.
 *
 * @param topic the Danube topic, {@code /namespace/name}
 * @param producerName the producer's identity on the topic (idempotent on the broker)
 * @param accessMode shared or exclusive
 * @param dispatchStrategy reliable or non-reliable; must match an existing topic's
 * @param partitions 0 for a plain topic, N for partitions {@code <topic>-part-0..N-1}
 * @param maxInFlightPerPartition the most sends awaiting a broker answer per partition (at least
 *     1); never more than one per routing key. Further messages wait in the producer, see {@link
 *     DanubeProducer}
 * @param schemaRef an optional schema reference, or {@code null}
 * @param retryListener told of each resend the client does on its own, or {@code null}
 */
public record ProducerConfig(
    String topic,
    String producerName,
    AccessMode accessMode,
    DispatchStrategy dispatchStrategy,
    int partitions,
    int maxInFlightPerPartition,
    SchemaRef schemaRef,
    SendRetryListener retryListener) {
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_PARTITION = 64;

  /** Without a retry listener (the form before {@code retryListener} existed). */
  public ProducerConfig(
      String topic,
      String producerName,
      AccessMode accessMode,
      DispatchStrategy dispatchStrategy,
      int partitions,
      int maxInFlightPerPartition,
      SchemaRef schemaRef) {
    this(
        topic,
        producerName,
        accessMode,
        dispatchStrategy,
        partitions,
        maxInFlightPerPartition,
        schemaRef,
        null);
  }

  public ProducerConfig {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(producerName, "producerName");
    accessMode = accessMode == null ? AccessMode.SHARED : accessMode;
    dispatchStrategy = dispatchStrategy == null ? DispatchStrategy.NON_RELIABLE : dispatchStrategy;
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0, but was " + partitions);
    }
    if (maxInFlightPerPartition < 1) {
      throw new IllegalArgumentException(
          "maxInFlightPerPartition must be >= 1, but was " + maxInFlightPerPartition);
    }
  }

  /** A plain (non-partitioned) topic with default in-flight limit. */
  public static ProducerConfig of(String topic, String producerName, DispatchStrategy dispatch) {
    return new ProducerConfig(
        topic,
        producerName,
        AccessMode.SHARED,
        dispatch,
        0,
        DEFAULT_MAX_IN_FLIGHT_PER_PARTITION,
        null);
  }

  public ProducerConfig withPartitions(int n) {
    return new ProducerConfig(
        topic,
        producerName,
        accessMode,
        dispatchStrategy,
        n,
        maxInFlightPerPartition,
        schemaRef,
        retryListener);
  }

  public ProducerConfig withMaxInFlightPerPartition(int n) {
    return new ProducerConfig(
        topic, producerName, accessMode, dispatchStrategy, partitions, n, schemaRef, retryListener);
  }

  public ProducerConfig withSchemaRef(SchemaRef ref) {
    return new ProducerConfig(
        topic,
        producerName,
        accessMode,
        dispatchStrategy,
        partitions,
        maxInFlightPerPartition,
        ref,
        retryListener);
  }

  /** Sets the listener told of each resend the client does within its retry budget. */
  public ProducerConfig withRetryListener(SendRetryListener listener) {
    return new ProducerConfig(
        topic,
        producerName,
        accessMode,
        dispatchStrategy,
        partitions,
        maxInFlightPerPartition,
        schemaRef,
        listener);
  }
}
