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
}
