/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.Map;

/**
 * A message as delivered by {@code ReceiveMessages}: the producer's message unchanged, with the
 * broker's offset on reliable topics.
 *
 * @param topic the partition topic it came from
 * @param offset {@code msg_id.topic_offset} (0 on non-reliable topics)
 * @param producerId {@code msg_id.producer_id}
 * @param requestId the producer's request id
 * @param payload the payload bytes
 * @param attributes the attributes map
 * @param routingKey the routing key, or {@code null} when the producer sent none
 * @param producerName the producer's name
 * @param publishTime producer's publish time, ms since the epoch
 * @param subscriptionName {@code subscription_name} as delivered (normally empty)
 * @param brokerAddr {@code msg_id.broker_addr} as sent by the producer
 * @param schemaId {@code schema_id} as the producer sent it, or {@code null} when absent (a u64 in
 *     a Java long)
 * @param schemaVersion {@code schema_version} as the producer sent it, or {@code null} when absent
 */
public record ReceivedMessage(
    String topic,
    long offset,
    long producerId,
    long requestId,
    byte[] payload,
    Map<String, String> attributes,
    String routingKey,
    String producerName,
    long publishTime,
    String subscriptionName,
    String brokerAddr,
    Long schemaId,
    Integer schemaVersion) {}
