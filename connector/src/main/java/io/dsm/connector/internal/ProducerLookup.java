/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import io.dsm.connector.config.RouteSettings;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import java.util.concurrent.CompletableFuture;

/** Finds the producer of a Danube topic a route targets. Thread-safe. */
@FunctionalInterface
public interface ProducerLookup {
  /**
   * The producer of a topic created at start (a fixed route target or a dead-letter topic).
   *
   * @throws IllegalStateException when no producer exists for the topic
   */
  DanubeProducer producerFor(String danubeTopic);

  /**
   * Sends {@code message} to {@code danubeTopic}: with its producer created at start, or, for a
   * topic rendered from {@code route}'s target template, with a producer created on first use. The
   * future completes as {@link DanubeProducer#sendAsync} describes, or exceptionally with the
   * failure to create the producer. Never throws.
   */
  default CompletableFuture<MessageId> send(
      RouteSettings route, String danubeTopic, OutgoingMessage message) {
    try {
      return producerFor(danubeTopic).sendAsync(message);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
