/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import io.dsm.danube.client.OutgoingMessage;
import io.dsm.mqtt.client.InboundPublish;
import io.dsm.mqtt.client.PublishProperties;
import io.dsm.runtime.mqtt.MqttAttributes;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an MQTT message into a Danube message: the payload byte for byte (never decoded or
 * re-encoded, so binary, empty and non-UTF-8 payloads survive), the {@code mqtt.*} and {@code
 * source} attributes when metadata is on, and the MQTT topic as routing key (so one MQTT topic
 * always lands on one partition, in order).
 *
 * <p>MQTT 5 properties become attributes too, all under {@code mqtt.}: a publisher cannot set the
 * connector's own attributes, because its user properties live under {@code mqtt.user.} (a user
 * property named {@code mqtt.topic} becomes {@code mqtt.user.mqtt.topic}). A user property name
 * that repeats keeps its first value in {@code mqtt.user.<name>}, and every property, in order, is
 * also in {@code mqtt.user_properties} as a JSON array of {@code [name, value]} pairs (only then:
 * the lossless form costs attribute space). Stateless, thread-safe.
 */
public final class RecordMapper {

  private final boolean includeMetadata;

  public RecordMapper(boolean includeMetadata) {
    this.includeMetadata = includeMetadata;
  }

  /**
   * The message a route makes of {@code m}: {@link #map(InboundPublish)} plus the attributes the
   * route extracted from the topic ({@code extract_attributes}; the connector's own {@code mqtt.*}
   * and {@code source} attributes win over an extracted one of the same name) and the route's
   * routing key ({@code null} for none).
   */
  public OutgoingMessage map(InboundPublish m, Map<String, String> extracted, String routingKey) {
    OutgoingMessage base = map(m);
    if (extracted.isEmpty() && java.util.Objects.equals(routingKey, base.routingKey())) {
      return base;
    }
    Map<String, String> a = base.attributes();
    if (!extracted.isEmpty()) {
      Map<String, String> merged = new HashMap<>(extracted);
      merged.putAll(base.attributes());
      a = merged;
    }
    return new OutgoingMessage(base.payload(), a, routingKey);
  }

  public OutgoingMessage map(InboundPublish m) {
    if (!includeMetadata) {
      return new OutgoingMessage(m.payload(), Map.of(), m.topic());
    }
    PublishProperties p = m.properties();
    if (p.isEmpty()) {
      return new OutgoingMessage(
          m.payload(),
          Map.of(
              MqttAttributes.TOPIC,
              m.topic(),
              MqttAttributes.QOS,
              Integer.toString(m.qos()),
              MqttAttributes.RETAIN,
              Boolean.toString(m.retain()),
              MqttAttributes.DUP,
              Boolean.toString(m.dup()),
              MqttAttributes.SOURCE,
              "mqtt"),
          m.topic());
    }
    Map<String, String> a = new HashMap<>();
    a.put(MqttAttributes.TOPIC, m.topic());
    a.put(MqttAttributes.QOS, Integer.toString(m.qos()));
    a.put(MqttAttributes.RETAIN, Boolean.toString(m.retain()));
    a.put(MqttAttributes.DUP, Boolean.toString(m.dup()));
    a.put(MqttAttributes.SOURCE, "mqtt");
    putProperties(p, a);
    return new OutgoingMessage(m.payload(), a, m.topic());
  }

  /** Adds the MQTT 5 properties as {@code mqtt.*} attributes. */
  static void putProperties(PublishProperties p, Map<String, String> a) {
    if (p.contentType() != null) {
      a.put(MqttAttributes.CONTENT_TYPE, p.contentType());
    }
    if (p.responseTopic() != null) {
      a.put(MqttAttributes.RESPONSE_TOPIC, p.responseTopic());
    }
    if (p.correlationData() != null) {
      a.put(
          MqttAttributes.CORRELATION_DATA, Base64.getEncoder().encodeToString(p.correlationData()));
    }
    if (p.payloadFormatUtf8() != null) {
      a.put(MqttAttributes.PAYLOAD_FORMAT, p.payloadFormatUtf8() ? "utf8" : "unspecified");
    }
    if (p.messageExpirySecs() != null) {
      a.put(MqttAttributes.MESSAGE_EXPIRY, Long.toString(p.messageExpirySecs()));
    }
    if (!p.subscriptionIds().isEmpty()) {
      a.put(
          MqttAttributes.SUBSCRIPTION_IDS,
          p.subscriptionIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    List<Map.Entry<String, String>> users = p.userProperties();
    Set<String> seen = new HashSet<>();
    boolean repeated = false;
    for (Map.Entry<String, String> e : users) {
      if (seen.add(e.getKey())) {
        a.put(MqttAttributes.USER_PREFIX + e.getKey(), e.getValue());
      } else {
        repeated = true;
      }
    }
    if (repeated) {
      a.put(MqttAttributes.USER_PROPERTIES, Json.pairs(users));
    }
  }
}
