/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * One message as the testkit stored it, for assertions. Ids are Danube u64 values carried in a Java
 * {@code long} (use {@link Long#toUnsignedString(long)} to print them).
 *
 * @param topic the topic the message was published to ({@code msg_id.topic_name})
 * @param offset {@code msg_id.topic_offset} as a consumer would see it: 0, 1, 2, ... on Reliable
 *     topics, the producer's value (normally 0) on Non-reliable ones
 * @param producerId {@code msg_id.producer_id}
 * @param producerName the producer name the message carried
 * @param requestId the producer's {@code request_id}
 * @param publishTime the producer's {@code publish_time} (ms since the epoch), never rewritten
 * @param payload the payload bytes (a copy)
 * @param attributes the attribute map
 * @param routingKey the routing key, or null when the producer sent none
 * @param schemaId the schema id, or null when absent
 * @param schemaVersion the schema version, or null when absent
 * @param arrivalNanos {@link System#nanoTime()} when the broker received the SendMessage call, for
 *     latency measurements in the same JVM
 */
public record StoredMessage(
    String topic,
    long offset,
    long producerId,
    String producerName,
    long requestId,
    long publishTime,
    byte[] payload,
    Map<String, String> attributes,
    String routingKey,
    Long schemaId,
    Integer schemaVersion,
    long arrivalNanos) {

  /** Copies the mutable parts so that a view never changes after it was taken. */
  public StoredMessage {
    payload = payload.clone();
    attributes = Map.copyOf(attributes);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload decoded as UTF-8, for readable assertions. */
  public String payloadUtf8() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** The routing key, if the producer set one. */
  public Optional<String> routingKeyIfPresent() {
    return Optional.ofNullable(routingKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredMessage m
        && topic.equals(m.topic)
        && offset == m.offset
        && producerId == m.producerId
        && producerName.equals(m.producerName)
        && requestId == m.requestId
        && publishTime == m.publishTime
        && Arrays.equals(payload, m.payload)
        && attributes.equals(m.attributes)
        && java.util.Objects.equals(routingKey, m.routingKey)
        && java.util.Objects.equals(schemaId, m.schemaId)
        && java.util.Objects.equals(schemaVersion, m.schemaVersion)
        && arrivalNanos == m.arrivalNanos;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(topic, offset, producerId, requestId, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "StoredMessage[topic="
        + topic
        + ", offset="
        + offset
        + ", producer="
        + producerName
        + ", requestId="
        + requestId
        + ", payload="
        + payload.length
        + " bytes, attributes="
        + attributes
        + ", routingKey="
        + routingKey
        + "]";
  }
}
