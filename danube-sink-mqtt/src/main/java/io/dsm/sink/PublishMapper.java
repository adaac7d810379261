/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.connector.config.RetainMode;
import io.dsm.connector.config.SinkSettings;
import io.dsm.connector.routing.MqttTopicTemplate;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.mqtt.client.OutboundPublish;
import io.dsm.mqtt.client.PublishProperties;
import io.dsm.runtime.mqtt.MqttAttributes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A Danube message to an MQTT PUBLISH: the topic from the route's template, the payload byte for
 * byte, QoS and retain from the settings, and with MQTT 5 the {@code mqtt.*} attributes the source
 * connector writes turned back into PUBLISH properties. Stateless, thread-safe.
 */
public final class PublishMapper {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The outcome: a PUBLISH, or why the message has none (it goes to the dead-letter topic). */
  public record Mapped(OutboundPublish publish, String reason, String error) {
    public boolean ok() {
      return publish != null;
    }
  }

  private final RetainMode retain;
  private final boolean mqtt5;
  private final boolean mark;
  private final String connectorName;
  private final String prefix;

  public PublishMapper(SinkSettings settings) {
    this.retain = settings.retain();
    this.mqtt5 = settings.mqtt().protocolVersion() == 5;
    this.mark = settings.markPublished();
    this.connectorName = settings.connectorName();
    this.prefix = settings.topicPrefix();
  }

  /** Maps one message for a route with this template and QoS. */
  public Mapped map(ReceivedMessage m, MqttTopicTemplate template, int qos, String danubeTopic) {
    Map<String, String> a = m.attributes();
    MqttTopicTemplate.Rendered rendered = template.render(a, danubeTopic, m.routingKey());
    if (!rendered.ok()) {
      return new Mapped(null, "invalid_topic", rendered.problem());
    }
    String topic = rendered.topic();
    if (!prefix.isEmpty()) {
      topic = prefix + topic;
      if (MqttTopicTemplate.problem(topic).isPresent()) {
        return new Mapped(null, "invalid_topic", MqttTopicTemplate.problem(topic).get());
      }
    }
    PublishProperties props = PublishProperties.NONE;
    if (mqtt5) {
      try {
        props = properties(a);
      } catch (IllegalArgumentException e) {
        return new Mapped(null, "invalid_properties", e.getMessage());
      }
    }
    return new Mapped(new OutboundPublish(topic, m.payload(), qos, retain(a), props), null, null);
  }

  private boolean retain(Map<String, String> a) {
    return switch (retain) {
      case TRUE -> true;
      case FALSE -> false;
      case PRESERVE -> "true".equals(a.get(MqttAttributes.RETAIN));
    };
  }

  private PublishProperties properties(Map<String, String> a) {
    List<Map.Entry<String, String>> users = userProperties(a);
    if (mark) {
      users.add(Map.entry(SinkSettings.MARKER_PROPERTY, connectorName));
    }
    String correlation = a.get(MqttAttributes.CORRELATION_DATA);
    byte[] correlationData = null;
    if (correlation != null) {
      try {
        correlationData = Base64.getDecoder().decode(correlation);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "attribute " + MqttAttributes.CORRELATION_DATA + " is not base64", e);
      }
    }
    String format = a.get(MqttAttributes.PAYLOAD_FORMAT);
    Boolean utf8 = format == null ? null : "utf8".equals(format);
    Long expiry = null;
    String expiryText = a.get(MqttAttributes.MESSAGE_EXPIRY);
    if (expiryText != null) {
      try {
        expiry = Long.parseLong(expiryText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "attribute " + MqttAttributes.MESSAGE_EXPIRY + " is not a number", e);
      }
    }
    return new PublishProperties(
        utf8,
        expiry,
        a.get(MqttAttributes.CONTENT_TYPE),
        a.get(MqttAttributes.RESPONSE_TOPIC),
        correlationData,
        users,
        List.of());
  }

  /**
   * The user properties: {@code mqtt.user_properties} (every pair in order, repeated names too)
   * when present, else one per {@code mqtt.user.NAME} attribute.
   */
  private static List<Map.Entry<String, String>> userProperties(Map<String, String> a) {
    List<Map.Entry<String, String>> users = new ArrayList<>();
    String json = a.get(MqttAttributes.USER_PROPERTIES);
    if (json != null) {
      try {
        JsonNode pairs = JSON.readTree(json);
        if (!pairs.isArray()) {
          throw new IllegalArgumentException(
              "attribute " + MqttAttributes.USER_PROPERTIES + " is not a JSON array");
        }
        for (JsonNode pair : pairs) {
          if (!pair.isArray() || pair.size() != 2) {
            throw new IllegalArgumentException(
                "attribute " + MqttAttributes.USER_PROPERTIES + " holds a non-pair");
          }
          users.add(Map.entry(pair.get(0).asText(), pair.get(1).asText()));
        }
        return users;
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "attribute " + MqttAttributes.USER_PROPERTIES + " is not JSON", e);
      }
    }
    a.entrySet().stream()
        .filter(e -> e.getKey().startsWith(MqttAttributes.USER_PREFIX))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                users.add(
                    Map.entry(
                        e.getKey().substring(MqttAttributes.USER_PREFIX.length()), e.getValue())));
    return users;
  }
}
