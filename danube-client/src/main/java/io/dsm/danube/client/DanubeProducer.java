/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.concurrent.CompletableFuture;

/**
 * A producer on one Danube topic (all its partitions). Thread-safe; {@link #sendAsync} never
 * blocks.
 *
 * <h2>Ordering: per routing key</h2>
 *
 * Danube does not order concurrent unary {@code SendMessage} calls (two sends in flight at once may
 * be stored in either order), so the producer keeps order itself, per routing key:
 *
 * <ul>
 *   <li>Messages with the same routing key go to the same partition (64-bit FNV-1a of the UTF-8
 *       key, unsigned modulo the partition count) and reach the broker in {@code sendAsync} call
 *       order: at most <b>one</b> message per key is in flight; later messages of that key wait in
 *       call order behind it.
 *   <li>A message that fails retriably keeps its place: it is retried (after backoff, or after the
 *       producer was re-created on the topic's new broker) <b>before</b> any later message of its
 *       key is sent. If it finally fails (permanent rejection, retry budget exhausted), its future
 *       fails and the next message of the key goes ahead.
 *   <li>Messages of different keys, and messages without a key, are pipelined: up to {@link
 *       ProducerConfig#maxInFlightPerPartition()} sends per partition are awaiting the broker at
 *       once. Messages without a key go round-robin over the partitions and have <b>no</b> ordering
 *       guarantee.
 *   <li>"Call order" is the order in which {@code sendAsync} returned; callers on several threads
 *       must serialise their calls if they need a particular order.
 * </ul>
 *
 * <h2>Memory</h2>
 *
 * Messages that cannot be sent yet (window full, key busy, producer re-connecting) wait inside the
 * producer. That queue is <b>not</b> bounded by the producer: the caller bounds it by limiting how
 * many messages it has handed over and not yet seen completed (the connector holds at most {@code
 * max_in_flight}). {@link #pendingCount()} reports that number.
 *
 * <h2>Delivery</h2>
 *
 * At least once: a send whose answer was lost (deadline exceeded, connection dropped) is sent
 * again, and Danube does not deduplicate, so a retried message can be stored twice. The request id
 * of a message stays the same across its retries.
 */
public interface DanubeProducer extends AutoCloseable {

  /** The base topic this producer publishes to. */
  String topic();

  /**
   * Sends one message. Returns at once; when the partition's in-flight window is full or another
   * message of the same routing key is in flight, the message waits in the producer (see the class
   * documentation: the caller bounds that queue).
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

  /**
   * How many messages were handed to {@link #sendAsync} and whose futures are not yet completed
   * (waiting, in flight or backing off). Decremented just before a future completes.
   */
  int pendingCount();

  /** Fails pending sends with {@link ProducerClosedException}. Idempotent. */
  @Override
  void close();
}
