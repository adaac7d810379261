/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/**
 * The broker's answer to one subscription of a SUBSCRIBE.
 *
 * @param subscription what was asked for
 * @param grantedQos the QoS granted, or -1 when refused
 * @param reasonCode the raw SUBACK code (MQTT 3.1.1: 0-2 or 0x80; MQTT 5: a reason code)
 */
public record SubscribeResult(Subscription subscription, int grantedQos, int reasonCode) {
  /** Whether the broker refused the subscription. */
  public boolean refused() {
    return grantedQos < 0;
  }
}
