/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An MQTT 3.1.1 publisher connection (HiveMQ client). */
final class MqttPublisher implements MessageSender {
  private final Mqtt3AsyncClient client;
  private final MqttQos qos;

  private MqttPublisher(Mqtt3AsyncClient client, MqttQos qos) {
    this.client = client;
    this.qos = qos;
  }

  static MqttPublisher connect(String host, int port, String clientId, int qos) throws Exception {
    Mqtt3AsyncClient client =
        Mqtt3Client.builder().identifier(clientId).serverHost(host).serverPort(port).buildAsync();
    client.connectWith().cleanSession(true).keepAlive(60).send().get(30, TimeUnit.SECONDS);
    return new MqttPublisher(client, MqttQos.fromCode(qos));
  }

  @Override
  public CompletableFuture<?> send(String topic, byte[] payload) {
    return client.publishWith().topic(topic).qos(qos).payload(payload).send();
  }

  @Override
  public void close() {
    try {
      client.disconnect().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Already disconnected or the broker is gone: nothing left to release.
    }
  }
}
