/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A subscribed consumer. Messages are read from the broker's stream into a bounded queue; {@link
 * #receive} takes from it. The stream is flow-controlled: the next message is requested only while
 * the queue holds fewer than {@link ConsumerConfig#receiveQueueCapacity()} messages (so at most
 * capacity + one per partition are queued). The client looks the topic up again and resubscribes by
 * itself when the stream ends or fails or the health check reports CLOSE. Thread-safe. {@code ack}
 * and {@code nack} futures complete on the client's callback thread.
 */
public interface DanubeConsumer extends AutoCloseable {

  /**
   * Waits up to {@code timeout} for the next message; empty when none arrived in that time. A zero
   * or negative timeout only takes a message that is already queued.
   *
   * @throws DanubeException when resubscribing was rejected permanently (e.g. the topic was
   *     deleted, or an Exclusive subscription was taken) and no message is left to return
   */
  Optional<ReceivedMessage> receive(Duration timeout) throws InterruptedException;

  /** Acknowledges one message (reliable topics); completes when the broker answered. */
  CompletableFuture<Void> ack(ReceivedMessage message);

  /** Negatively acknowledges one message; the broker redelivers it after the delay. */
  CompletableFuture<Void> nack(ReceivedMessage message, Duration delay, String reason);

  /** Stops receiving. Idempotent. */
  @Override
  void close();
}
