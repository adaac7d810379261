/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.concurrent.CompletableFuture;

/**
 * A producer on one Danube topic (all its partitions). Thread-safe.
 *
 * <p>Ordering: messages with the same routing key go to the same partition, and within one
 * partition the broker receives messages in {@code sendAsync} call order, as long as the caller
 * calls {@code sendAsync} from one thread (or otherwise serialises the calls). Danube does not
 * order concurrent unary sends, so the producer pipelines at most {@link
 * ProducerConfig#maxInFlightPerPartition()} sends per partition and, on a failure, resends the
 * failed message and every later one of that partition in their original order before sending
 * anything new.
 */
public interface DanubeProducer extends AutoCloseable {

  /** The base topic this producer publishes to. */
  String topic();

  /**
   * Sends one message. Returns at once; when the partition's in-flight window is full the message
   * waits in the producer's bounded queue.
   *
   * <p>The future completes:
   *
   * <ul>
   *   <li>normally with the {@link MessageId} once the broker acknowledged the message;
   *   <li>exceptionally with a {@link DanubeException} that is not retriable when the broker
   *       rejected the message permanently (e.g. oversize, schema violation);
   *   <li>exceptionally with a {@link DanubeException} when the retry budget ran out;
   *   <li>exceptionally with {@link ProducerClosedException} when the producer was closed first.
   * </ul>
   *
   * Callbacks run on the client's callback executor; they must not block.
   */
  CompletableFuture<MessageId> sendAsync(OutgoingMessage message);

  /** How many messages were handed to {@link #sendAsync} and are not yet completed. */
  int pendingCount();

  /** Fails pending sends with {@link ProducerClosedException}. Idempotent. */
  @Override
  void close();
}
