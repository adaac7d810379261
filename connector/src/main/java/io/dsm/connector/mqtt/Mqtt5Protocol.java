/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5RxClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.dsm.connector.config.MqttSettings;
import io.reactivex.Flowable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * MQTT 5 through the HiveMQ client. A persistent session ({@code clean_session=false}) is a clean
 * start of false with a session that never expires, matching 3.1.1's semantics. The Receive Maximum
 * is set large on purpose: the connector bounds its own window, and a small Receive Maximum makes
 * Mosquitto 2.0.11 overrun it and the client disconnect with a protocol error.
 */
final class Mqtt5Protocol implements MqttProtocol {
  /** Large but below the MQTT 5 default of 65535, which the client would not send at all. */
  static final int RECEIVE_MAXIMUM = 65_000;

  private static final long NEVER_EXPIRE = 0xFFFF_FFFFL;

  private final MqttSettings settings;
  private final Mqtt5RxClient client;

  Mqtt5Protocol(MqttSettings settings, MqttClientBuilder common) {
    this.settings = settings;
    Mqtt5ClientBuilder b = common.useMqttVersion5();
    if (settings.username() != null || settings.password() != null) {
      // MQTT 5 allows a user name without a password and a password without a user name.
      byte[] password =
          settings.password() == null ? null : settings.password().getBytes(StandardCharsets.UTF_8);
      Mqtt5SimpleAuthBuilder start = Mqtt5SimpleAuth.builder();
      Mqtt5SimpleAuthBuilder.Complete auth =
          settings.username() != null
              ? start.username(settings.username())
              : start.password(password);
      if (settings.username() != null && password != null) {
        auth = auth.password(password);
      }
      b = b.simpleAuth(auth.build());
    }
    this.client = b.buildRx();
  }

  @Override
  public Flowable<InboundMessage> publishes() {
    return client.publishes(MqttGlobalPublishFilter.ALL, true).map(Mqtt5Protocol::inbound);
  }

  private static InboundMessage inbound(Mqtt5Publish p) {
    return MqttIntake.inbound(
        p.getTopic().toString(),
        p.getPayloadAsBytes(),
        p.getQos().getCode(),
        p.isRetain(),
        p::acknowledge);
  }

  @Override
  public CompletableFuture<Boolean> connect() {
    return client
        .toAsync()
        .connectWith()
        .cleanStart(settings.cleanSession())
        .sessionExpiryInterval(settings.cleanSession() ? 0 : NEVER_EXPIRE)
        .keepAlive(settings.keepAliveSecs())
        .restrictions()
        .receiveMaximum(RECEIVE_MAXIMUM)
        .maximumPacketSize(settings.maxPacketSize())
        .applyRestrictions()
        .send()
        .thenApply(ack -> ack.isSessionPresent());
  }

  @Override
  public CompletableFuture<List<Integer>> subscribe(List<TopicSubscription> subscriptions) {
    Mqtt5Subscribe subscribe =
        Mqtt5Subscribe.builder()
            .addSubscriptions(
                subscriptions.stream()
                    .map(
                        s ->
                            Mqtt5Subscription.builder()
                                .topicFilter(s.filter())
                                .qos(MqttQos.fromCode(s.qos()))
                                .build()))
            .build();
    return MqttProtocol.granted(
        client.toAsync().subscribe(subscribe),
        ack -> granted(ack.getReasonCodes()),
        Mqtt5SubAckException.class,
        refused -> granted(refused.getMqttMessage().getReasonCodes()));
  }

  private static List<Integer> granted(List<Mqtt5SubAckReasonCode> codes) {
    return codes.stream().map(c -> c.isError() ? -1 : c.getCode()).toList();
  }

  @Override
  public boolean sessionPresent(MqttClientConnectedContext ctx) {
    return ((Mqtt5ClientConnectedContext) ctx).getConnAck().isSessionPresent();
  }

  @Override
  public MqttClientState state() {
    return client.getState();
  }

  @Override
  public void disconnect() {
    client.disconnect().blockingAwait(5, TimeUnit.SECONDS);
  }
}
