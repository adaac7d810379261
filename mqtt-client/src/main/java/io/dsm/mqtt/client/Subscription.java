/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

import java.util.Objects;

/**
 * One topic filter to subscribe to.
 *
 * @param filter the filter as sent, including a {@code $share/<group>/} prefix for a shared
 *     subscription
 * @param qos the maximum QoS asked for, 0 to 2
 * @param retainHandling which retained messages to receive (MQTT 5 only; MQTT 3.1.1 always receives
 *     them, see {@link InboundPublish#retain()})
 */
public record Subscription(String filter, int qos, RetainHandling retainHandling) {
  public Subscription {
    Objects.requireNonNull(filter, "filter");
    if (filter.isEmpty()) {
      throw new IllegalArgumentException("a topic filter must not be empty");
    }
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("subscription QoS must be 0, 1 or 2, but was " + qos);
    }
    retainHandling = retainHandling == null ? RetainHandling.SEND : retainHandling;
  }

  /** A subscription that receives retained messages. */
  public Subscription(String filter, int qos) {
    this(filter, qos, RetainHandling.SEND);
  }
}
