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
 * @param subscriptionId the MQTT 5 Subscription Identifier the broker attaches to every message
 *     this subscription matches ({@link PublishProperties#subscriptionIds()}), 1 to {@value
 *     #MAX_SUBSCRIPTION_ID}; 0 for none. Ignored on MQTT 3.1.1 and when the broker announces in
 *     CONNACK that it does not support identifiers ({@link
 *     ConnectResult#subscriptionIdsAvailable()}).
 */
public record Subscription(
    String filter, int qos, RetainHandling retainHandling, int subscriptionId) {
  /** The largest Subscription Identifier (a Variable Byte Integer of at most four bytes). */
  public static final int MAX_SUBSCRIPTION_ID = 268_435_455;

  public Subscription {
    Objects.requireNonNull(filter, "filter");
    if (filter.isEmpty()) {
      throw new IllegalArgumentException("a topic filter must not be empty");
    }
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("subscription QoS must be 0, 1 or 2, but was " + qos);
    }
    if (subscriptionId < 0 || subscriptionId > MAX_SUBSCRIPTION_ID) {
      throw new IllegalArgumentException(
          "a subscription identifier must be 0 (none) or 1 to "
              + MAX_SUBSCRIPTION_ID
              + ", but was "
              + subscriptionId);
    }
    retainHandling = retainHandling == null ? RetainHandling.SEND : retainHandling;
  }

  /** A subscription without a Subscription Identifier. */
  public Subscription(String filter, int qos, RetainHandling retainHandling) {
    this(filter, qos, retainHandling, 0);
  }

  /** A subscription that receives retained messages, without a Subscription Identifier. */
  public Subscription(String filter, int qos) {
    this(filter, qos, RetainHandling.SEND, 0);
  }
}
