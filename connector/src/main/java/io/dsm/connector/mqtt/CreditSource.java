/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

/**
 * Where the intake gets permission to read more messages. The intake requests from the MQTT client
 * only as many messages as it claimed credits, so when no credit is free the client stops
 * delivering and the broker keeps the messages. Implementations are thread-safe.
 */
public interface CreditSource {
  /** Claims every free credit and returns how many were claimed (possibly 0). */
  int claimAvailable();

  /**
   * Returns credits that were claimed but never used for a message (the message flow they were
   * requested on ended), and runs the freed-credits callback.
   */
  void giveBack(int credits);

  /**
   * Sets the callback run (on any thread, must not block) whenever credits were freed, so the
   * intake can claim them and request more messages.
   */
  void onCreditsFreed(Runnable listener);
}
