/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/**
 * Which retained messages a subscription receives (MQTT 5 subscription option 0, 1, 2).
 *
 * <p>MQTT 3.1.1 has no such option; the client emulates it, since a 3.1.1 broker sets RETAIN on a
 * message only when it sends it because of a subscribe: {@link #NONE} drops every retained message,
 * {@link #SEND_NEW} drops those that follow the re-subscription of a session the broker kept. A
 * dropped message is acknowledged and reported to {@link InboundListener#onSkipped}.
 */
public enum RetainHandling {
  /** Every retained message matching the filter, at each subscribe. */
  SEND,
  /** Retained messages only when the subscription did not exist yet. */
  SEND_NEW,
  /** No retained messages. */
  NONE;

  /** The MQTT 5 option value. */
  public int code() {
    return ordinal();
  }
}
