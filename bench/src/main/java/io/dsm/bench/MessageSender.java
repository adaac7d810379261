/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.util.concurrent.CompletableFuture;

/**
 * One sending connection of the load generator (an MQTT publisher, or a Danube producer for the
 * raw-Danube peer). {@link #send} must not block; the returned future completes when the transport
 * accepted the message (PUBACK/PUBCOMP, Danube ack) or failed.
 */
public interface MessageSender extends AutoCloseable {
  CompletableFuture<?> send(String topic, byte[] payload);

  @Override
  void close();
}
