/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.mqtt.client.MqttVersion;
import io.dsm.mqtt.client.OutboundPublish;
import io.dsm.mqtt.client.Subscription;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import java.util.List;

/** Builds the packets the client sends. */
final class Packets {
  private Packets() {}

  static MqttConnectMessage connect(MqttClientOptions o) {
    boolean v5 = o.version() == MqttVersion.MQTT_5;
    MqttMessageBuilders.ConnectBuilder b =
        MqttMessageBuilders.connect()
            .protocolVersion(
                v5
                    ? io.netty.handler.codec.mqtt.MqttVersion.MQTT_5
                    : io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1)
            .clientId(o.clientId())
            .cleanSession(o.cleanStart())
            .keepAlive(o.keepAliveSecs());
    if (o.username() != null) {
      b.hasUser(true).username(o.username());
      byte[] password = o.password();
      if (password != null) {
        b.hasPassword(true).password(password);
      }
    }
    if (v5) {
      MqttProperties p = new MqttProperties();
      if (o.sessionExpirySecs() > 0) {
        p.add(
            new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
                (int) o.sessionExpirySecs()));
      }
      if (o.receiveMaximum() < 65535) {
        p.add(
            new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), o.receiveMaximum()));
      }
      b.properties(p);
    }
    return b.build();
  }

  /**
   * One SUBSCRIBE for {@code subscriptions}. MQTT 5 carries one Subscription Identifier per packet,
   * so the caller groups subscriptions by identifier and passes the group's ({@code 0}: none).
   */
  static MqttSubscribeMessage subscribe(
      int packetId, List<Subscription> subscriptions, MqttVersion version, int subscriptionId) {
    MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe().messageId(packetId);
    for (Subscription s : subscriptions) {
      MqttQoS qos = MqttQoS.valueOf(s.qos());
      if (version == MqttVersion.MQTT_5) {
        b.addSubscription(
            s.filter(),
            new MqttSubscriptionOption(
                qos,
                false,
                false,
                MqttSubscriptionOption.RetainedHandlingPolicy.valueOf(s.retainHandling().code())));
      } else {
        b.addSubscription(qos, s.filter());
      }
    }
    if (version == MqttVersion.MQTT_5 && subscriptionId > 0) {
      MqttProperties p = new MqttProperties();
      p.add(
          new MqttProperties.IntegerProperty(
              MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), subscriptionId));
      b.properties(p);
    }
    return b.build();
  }

  static MqttMessage pubAck(int packetId) {
    return reply(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE, packetId);
  }

  static MqttMessage pubRec(int packetId) {
    return reply(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE, packetId);
  }

  static MqttMessage pubRel(int packetId) {
    return reply(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE, packetId);
  }

  static MqttMessage pubComp(int packetId) {
    return reply(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE, packetId);
  }

  private static MqttMessage reply(MqttMessageType type, MqttQoS qos, int packetId) {
    return new MqttMessage(
        new MqttFixedHeader(type, false, qos, false, 0),
        new MqttPubReplyMessageVariableHeader(
            packetId,
            MqttPubReplyMessageVariableHeader.REASON_CODE_OK,
            MqttProperties.NO_PROPERTIES));
  }

  static MqttMessage pingReq() {
    return new MqttMessage(
        new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0));
  }

  static MqttMessage disconnect() {
    return MqttMessageBuilders.disconnect().build();
  }

  static MqttPublishMessage publish(
      OutboundPublish m, int packetId, boolean dup, MqttVersion version) {
    MqttProperties properties =
        version == MqttVersion.MQTT_5
            ? PropertiesCodec.encode(m.properties())
            : MqttProperties.NO_PROPERTIES;
    return new MqttPublishMessage(
        new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(m.qos()), m.retain(), 0),
        new MqttPublishVariableHeader(m.topic(), m.qos() == 0 ? -1 : packetId, properties),
        Unpooled.wrappedBuffer(m.payload()));
  }
}
