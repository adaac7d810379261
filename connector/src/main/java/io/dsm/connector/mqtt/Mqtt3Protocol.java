/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.Mqtt3RxClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.dsm.connector.config.MqttSettings;
import io.reactivex.Flowable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** MQTT 3.1.1 through the HiveMQ client. */
final class Mqtt3Protocol implements MqttProtocol {
  private final MqttSettings settings;
  private final Mqtt3RxClient client;

  Mqtt3Protocol(MqttSettings settings, MqttClientBuilder common) {
    this.settings = settings;
    Mqtt3ClientBuilder b = common.useMqttVersion3();
    if (settings.username() != null) {
      var auth = b.simpleAuth().username(settings.username());
      if (settings.password() != null) {
        auth = auth.password(settings.password().getBytes(StandardCharsets.UTF_8));
      }
      b = auth.applySimpleAuth();
    }
    this.client = b.buildRx();
  }

  @Override
  public Flowable<InboundMessage> publishes() {
    return client.publishes(MqttGlobalPublishFilter.ALL, true).map(Mqtt3Protocol::inbound);
  }

  private static InboundMessage inbound(Mqtt3Publish p) {
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
        .cleanSession(settings.cleanSession())
        .keepAlive(settings.keepAliveSecs())
        .send()
        .thenApply(ack -> ack.isSessionPresent());
  }

  @Override
  public CompletableFuture<List<Integer>> subscribe(List<TopicSubscription> subscriptions) {
    Mqtt3Subscribe subscribe =
        Mqtt3Subscribe.builder()
            .addSubscriptions(
                subscriptions.stream()
                    .map(
                        s ->
                            Mqtt3Subscription.builder()
                                .topicFilter(s.filter())
                                .qos(MqttQos.fromCode(s.qos()))
                                .build()))
            .build();
    return MqttProtocol.granted(
        client.toAsync().subscribe(subscribe),
        ack -> granted(ack.getReturnCodes()),
        Mqtt3SubAckException.class,
        refused -> granted(refused.getMqttMessage().getReturnCodes()));
  }

  private static List<Integer> granted(List<Mqtt3SubAckReturnCode> codes) {
    return codes.stream().map(c -> c == Mqtt3SubAckReturnCode.FAILURE ? -1 : c.getCode()).toList();
  }

  @Override
  public boolean sessionPresent(MqttClientConnectedContext ctx) {
    return ((Mqtt3ClientConnectedContext) ctx).getConnAck().isSessionPresent();
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
