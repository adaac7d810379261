/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/** What a producer guarantees about the order of messages with the same routing key. */
public enum KeyOrdering {
  /**
   * Messages of one routing key reach the broker in call order: at most one of them is in flight at
   * a time (Danube does not order concurrent sends), so one key runs at one round trip per message.
   */
  PER_KEY,
  /**
   * No per-key limit: every message is pipelined up to the in-flight window, so one busy key runs
   * at window ÷ round trip, and messages of one key may be stored in any order. The key still
   * chooses the partition.
   */
  NONE
}
