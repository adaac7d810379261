/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import io.dsm.mqtt.client.PublishProperties;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts between Netty's PUBLISH properties and {@link PublishProperties}. */
final class PropertiesCodec {
  private PropertiesCodec() {}

  static PublishProperties decode(MqttProperties p) {
    // Not p.isEmpty(): Netty keeps user properties and subscription identifiers outside the map
    // that isEmpty() looks at, so a PUBLISH whose only properties are user properties would lose
    // them (the sink's loop marker is such a one).
    if (p == null || p.listAll().isEmpty()) {
      return PublishProperties.NONE;
    }
    Integer format = intValue(p, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR);
    Integer expiry = intValue(p, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL);
    List<Map.Entry<String, String>> users = new ArrayList<>();
    for (MqttProperties.MqttProperty<?> prop :
        p.getProperties(MqttPropertyType.USER_PROPERTY.value())) {
      Object v = prop.value();
      if (v instanceof List<?> pairs) {
        for (Object o : pairs) {
          MqttProperties.StringPair pair = (MqttProperties.StringPair) o;
          users.add(Map.entry(pair.key, pair.value));
        }
      } else if (v instanceof MqttProperties.StringPair pair) {
        users.add(Map.entry(pair.key, pair.value));
      }
    }
    List<Integer> subscriptionIds = new ArrayList<>();
    for (MqttProperties.MqttProperty<?> prop :
        p.getProperties(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value())) {
      subscriptionIds.add((Integer) prop.value());
    }
    MqttProperties.MqttProperty<?> correlation =
        p.getProperty(MqttPropertyType.CORRELATION_DATA.value());
    return new PublishProperties(
        format == null ? null : format == 1,
        expiry == null ? null : Integer.toUnsignedLong(expiry),
        stringValue(p, MqttPropertyType.CONTENT_TYPE),
        stringValue(p, MqttPropertyType.RESPONSE_TOPIC),
        correlation == null ? null : ((byte[]) correlation.value()).clone(),
        users,
        subscriptionIds);
  }

  static MqttProperties encode(PublishProperties p) {
    if (p == null || p.isEmpty()) {
      return MqttProperties.NO_PROPERTIES;
    }
    MqttProperties out = new MqttProperties();
    if (p.payloadFormatUtf8() != null) {
      out.add(
          new MqttProperties.IntegerProperty(
              MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), p.payloadFormatUtf8() ? 1 : 0));
    }
    if (p.messageExpirySecs() != null) {
      out.add(
          new MqttProperties.IntegerProperty(
              MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(),
              (int) p.messageExpirySecs().longValue()));
    }
    if (p.contentType() != null) {
      out.add(
          new MqttProperties.StringProperty(
              MqttPropertyType.CONTENT_TYPE.value(), p.contentType()));
    }
    if (p.responseTopic() != null) {
      out.add(
          new MqttProperties.StringProperty(
              MqttPropertyType.RESPONSE_TOPIC.value(), p.responseTopic()));
    }
    if (p.correlationData() != null) {
      out.add(
          new MqttProperties.BinaryProperty(
              MqttPropertyType.CORRELATION_DATA.value(), p.correlationData()));
    }
    if (!p.userProperties().isEmpty()) {
      MqttProperties.UserProperties users = new MqttProperties.UserProperties();
      for (Map.Entry<String, String> e : p.userProperties()) {
        users.add(e.getKey(), e.getValue());
      }
      out.add(users);
    }
    return out;
  }

  private static Integer intValue(MqttProperties p, MqttPropertyType type) {
    MqttProperties.MqttProperty<?> prop = p.getProperty(type.value());
    return prop == null ? null : (Integer) prop.value();
  }

  private static String stringValue(MqttProperties p, MqttPropertyType type) {
    MqttProperties.MqttProperty<?> prop = p.getProperty(type.value());
    return prop == null ? null : (String) prop.value();
  }
}
