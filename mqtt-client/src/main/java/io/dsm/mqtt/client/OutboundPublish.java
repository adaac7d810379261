/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

import java.util.Objects;

/**
 * A message to publish.
 *
 * @param topic the topic name (no wildcards)
 * @param payload the payload; not copied, do not modify until the publish completed
 * @param qos 0, 1 or 2
 * @param retain the RETAIN flag
 * @param properties MQTT 5 properties ({@link PublishProperties#subscriptionIds()} is ignored);
 *     ignored on MQTT 3.1.1
 */
public record OutboundPublish(
    String topic, byte[] payload, int qos, boolean retain, PublishProperties properties) {
  public OutboundPublish {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("publish QoS must be 0, 1 or 2, but was " + qos);
    }
    properties = properties == null ? PublishProperties.NONE : properties;
  }
}
