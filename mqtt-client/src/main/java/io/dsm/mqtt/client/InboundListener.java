/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/** Receives the PUBLISHes the broker sends. */
public interface InboundListener {
  /** One admitted message, in receive order. Runs on the client's I/O thread: must not block. */
  void onPublish(InboundPublish message);

  /**
   * The end of the messages decoded from one socket read (or after reading resumed), so that a
   * listener can hand them on in one batch. I/O thread.
   */
  default void onBatchEnd() {}

  /**
   * A message the client acknowledged and dropped by itself, never passed to {@link #onPublish}: on
   * MQTT 3.1.1, a retained message its subscriptions' {@link RetainHandling} excludes (MQTT 5
   * brokers apply the option themselves). I/O thread.
   */
  default void onSkipped(InboundPublish message, String reason) {}
}
