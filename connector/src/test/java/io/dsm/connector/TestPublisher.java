/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A plain MQTT 3.1.1 publisher for tests (the HiveMQ client, blocking API). */
final class TestPublisher implements AutoCloseable {
  private final Mqtt3BlockingClient client;

  TestPublisher(String host, int port) {
    client =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("test-pub-" + UUID.randomUUID().toString().substring(0, 8))
            .serverHost(host)
            .serverPort(port)
            .buildBlocking();
    client.connect();
  }

  void publish(String topic, byte[] payload, int qos, boolean retain) {
    client
        .publishWith()
        .topic(topic)
        .payload(payload)
        .qos(MqttQos.fromCode(qos))
        .retain(retain)
        .send();
  }

  void publish(String topic, String payload, int qos) {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
  }

  @Override
  public void close() {
    if (client.getState().isConnected()) {
      client.disconnect();
    }
  }
}
