/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

/** Receives the intake's messages. */
@FunctionalInterface
public interface InboundSink {
  /**
   * Called on the intake's inbound executor (the connector: the Danube client's {@code danube-io}),
   * once per message, in receive order. Each message consumed one credit from the intake's {@link
   * CreditSource}. Must not block.
   */
  void onMessage(InboundMessage message);
}
