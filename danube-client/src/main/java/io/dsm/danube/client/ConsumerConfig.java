/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.Objects;

/**
 * Immutable consumer settings. A partitioned topic is consumed by subscribing to every partition
 * that {@code TopicPartitions} reports for the base name.
 *
 * @param topic the Danube topic
 * @param consumerName identity on the subscription
 * @param subscription the subscription name
 * @param type subscription type
 * @param receiveQueueCapacity how many received messages may wait for {@link
 *     DanubeConsumer#receive} before the client stops reading the stream
 */
public record ConsumerConfig(
    String topic,
    String consumerName,
    String subscription,
    SubscriptionType type,
    int receiveQueueCapacity) {
  public ConsumerConfig {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(consumerName, "consumerName");
    Objects.requireNonNull(subscription, "subscription");
    type = type == null ? SubscriptionType.SHARED : type;
    if (receiveQueueCapacity < 1) {
      throw new IllegalArgumentException(
          "receiveQueueCapacity must be >= 1, but was " + receiveQueueCapacity);
    }
  }

  public static ConsumerConfig of(String topic, String consumerName, String subscription) {
    return new ConsumerConfig(topic, consumerName, subscription, SubscriptionType.SHARED, 1024);
  }

  public ConsumerConfig withType(SubscriptionType t) {
    return new ConsumerConfig(topic, consumerName, subscription, t, receiveQueueCapacity);
  }
}
