/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/** Which retained messages a subscription receives (MQTT 5 subscription option 0, 1, 2). */
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
