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
  public static final String ATTR_TOPIC = MqttAttributes.TOPIC;
  public static final String ATTR_QOS = MqttAttributes.QOS;
  public static final String ATTR_RETAIN = MqttAttributes.RETAIN;
  public static final String ATTR_DUP = MqttAttributes.DUP;
  public static final String ATTR_SOURCE = MqttAttributes.SOURCE;
  public static final String ATTR_USER_PREFIX = MqttAttributes.USER_PREFIX;
  public static final String ATTR_USER_PROPERTIES = MqttAttributes.USER_PROPERTIES;
  public static final String ATTR_CONTENT_TYPE = MqttAttributes.CONTENT_TYPE;
  public static final String ATTR_RESPONSE_TOPIC = MqttAttributes.RESPONSE_TOPIC;
  public static final String ATTR_CORRELATION_DATA = MqttAttributes.CORRELATION_DATA;
  public static final String ATTR_PAYLOAD_FORMAT = MqttAttributes.PAYLOAD_FORMAT;
  public static final String ATTR_MESSAGE_EXPIRY = MqttAttributes.MESSAGE_EXPIRY;
  public static final String ATTR_SUBSCRIPTION_IDS = MqttAttributes.SUBSCRIPTION_IDS;

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
              ATTR_TOPIC,
              m.topic(),
              ATTR_QOS,
              Integer.toString(m.qos()),
              ATTR_RETAIN,
              Boolean.toString(m.retain()),
              ATTR_DUP,
              Boolean.toString(m.dup()),
              ATTR_SOURCE,
              "mqtt"),
          m.topic());
    }
    Map<String, String> a = new HashMap<>();
    a.put(ATTR_TOPIC, m.topic());
    a.put(ATTR_QOS, Integer.toString(m.qos()));
    a.put(ATTR_RETAIN, Boolean.toString(m.retain()));
    a.put(ATTR_DUP, Boolean.toString(m.dup()));
    a.put(ATTR_SOURCE, "mqtt");
    putProperties(p, a);
    return new OutgoingMessage(m.payload(), a, m.topic());
  }

  /** Adds the MQTT 5 properties as {@code mqtt.*} attributes. */
  static void putProperties(PublishProperties p, Map<String, String> a) {
    if (p.contentType() != null) {
      a.put(ATTR_CONTENT_TYPE, p.contentType());
    }
    if (p.responseTopic() != null) {
      a.put(ATTR_RESPONSE_TOPIC, p.responseTopic());
    }
    if (p.correlationData() != null) {
      a.put(ATTR_CORRELATION_DATA, Base64.getEncoder().encodeToString(p.correlationData()));
    }
    if (p.payloadFormatUtf8() != null) {
      a.put(ATTR_PAYLOAD_FORMAT, p.payloadFormatUtf8() ? "utf8" : "unspecified");
    }
    if (p.messageExpirySecs() != null) {
      a.put(ATTR_MESSAGE_EXPIRY, Long.toString(p.messageExpirySecs()));
    }
    if (!p.subscriptionIds().isEmpty()) {
      a.put(
          ATTR_SUBSCRIPTION_IDS,
          p.subscriptionIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    List<Map.Entry<String, String>> users = p.userProperties();
    Set<String> seen = new HashSet<>();
    boolean repeated = false;
    for (Map.Entry<String, String> e : users) {
      if (seen.add(e.getKey())) {
        a.put(ATTR_USER_PREFIX + e.getKey(), e.getValue());
      } else {
        repeated = true;
      }
    }
    if (repeated) {
      a.put(ATTR_USER_PROPERTIES, Json.pairs(users));
    }
  }
}
