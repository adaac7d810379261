/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsm.danube.client.ReceivedMessage;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders a received message as one line of JSON. Field names are the CLI's output contract:
 *
 * <ul>
 *   <li>{@code topic}: the (partition) topic it came from;
 *   <li>{@code offset}: {@code msg_id.topic_offset} as an unsigned number (0 on non-reliable);
 *   <li>{@code payload_base64}: always, the exact bytes;
 *   <li>{@code payload_utf8}: only when the payload is well-formed UTF-8;
 *   <li>{@code attributes}: object, keys sorted for stable output;
 *   <li>{@code routing_key}: string or {@code null};
 *   <li>{@code producer_name}, {@code publish_time} (ms since the epoch, as the producer set it);
 *   <li>{@code producer_id}: a decimal <em>string</em>, because broker ids are random unsigned
 *       64-bit values that JSON readers using doubles would round;
 *   <li>{@code request_id}, {@code subscription_name};
 *   <li>{@code schema_id} (unsigned number) and {@code schema_version}: only when the message
 *       carries them (a producer bound to a schema-registry subject sets both).
 * </ul>
 */
final class MessageJson {
  private final ObjectMapper mapper;

  MessageJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  String toLine(ReceivedMessage message) {
    ObjectNode node = mapper.createObjectNode();
    node.put("topic", message.topic());
    node.put("offset", unsigned(message.offset()));
    node.put("payload_base64", Base64.getEncoder().encodeToString(message.payload()));
    strictUtf8(message.payload()).ifPresent(text -> node.put("payload_utf8", text));
    ObjectNode attributes = node.putObject("attributes");
    Map<String, String> sorted =
        new TreeMap<>(message.attributes() == null ? Map.of() : message.attributes());
    sorted.forEach(attributes::put);
    node.put("routing_key", message.routingKey());
    node.put("producer_name", message.producerName());
    node.put("publish_time", message.publishTime());
    node.put("producer_id", Long.toUnsignedString(message.producerId()));
    node.put("request_id", unsigned(message.requestId()));
    node.put("subscription_name", message.subscriptionName());
    if (message.schemaId() != null) {
      node.put("schema_id", unsigned(message.schemaId()));
    }
    if (message.schemaVersion() != null) {
      node.put("schema_version", Integer.toUnsignedLong(message.schemaVersion()));
    }
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
    }
  }

  /** The payload as text if it is well-formed UTF-8; empty rather than replacement characters. */
  static Optional<String> strictUtf8(byte[] payload) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return Optional.of(decoder.decode(ByteBuffer.wrap(payload)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }
}
