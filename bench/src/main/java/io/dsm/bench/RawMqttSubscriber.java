/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.util.concurrent.TimeUnit;

/**
 * The raw-MQTT peer: a plain HiveMQ-client subscriber with the same QoS as the connector (the
 * client acknowledges each message after the callback returned), no Danube side. Its arrival time
 * is taken in the callback.
 */
final class RawMqttSubscriber implements AutoCloseable {
  private final Mqtt3AsyncClient client;

  private RawMqttSubscriber(Mqtt3AsyncClient client) {
    this.client = client;
  }

  static RawMqttSubscriber subscribe(
      String host, int port, String clientId, String filter, int qos, ArrivalRecorder recorder)
      throws Exception {
    Mqtt3AsyncClient client =
        Mqtt3Client.builder().identifier(clientId).serverHost(host).serverPort(port).buildAsync();
    client.connectWith().cleanSession(true).keepAlive(60).send().get(30, TimeUnit.SECONDS);
    client
        .subscribeWith()
        .topicFilter(filter)
        .qos(MqttQos.fromCode(qos))
        .callback(
            p ->
                recorder.onArrival(
                    p.getPayloadAsBytes(), p.getTopic().toString(), System.nanoTime()))
        .send()
        .get(30, TimeUnit.SECONDS);
    return new RawMqttSubscriber(client);
  }

  @Override
  public void close() {
    try {
      client.disconnect().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Already disconnected: nothing to release.
    }
  }
}
