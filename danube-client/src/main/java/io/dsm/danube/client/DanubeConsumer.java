/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A subscribed consumer. Messages are read from the broker's stream into a bounded queue; {@link
 * #receive} takes from it. The client resubscribes by itself when the stream ends or the health
 * check reports CLOSE. Thread-safe.
 */
public interface DanubeConsumer extends AutoCloseable {

  /** Waits up to {@code timeout} for the next message; {@code null} when none arrived. */
  ReceivedMessage receive(Duration timeout) throws InterruptedException;

  /** Acknowledges one message (reliable topics); completes when the broker answered. */
  CompletableFuture<Void> ack(ReceivedMessage message);

  /** Negatively acknowledges one message; the broker redelivers it after the delay. */
  CompletableFuture<Void> nack(ReceivedMessage message, Duration delay, String reason);

  /** Stops receiving. Idempotent. */
  @Override
  void close();
}
