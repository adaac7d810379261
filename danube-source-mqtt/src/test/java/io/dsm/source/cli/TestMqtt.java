/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;

/** A blocking QoS 1 publisher through an independent MQTT implementation (the HiveMQ client). */
final class TestMqtt implements AutoCloseable {
  private final Mqtt3BlockingClient client;

  TestMqtt(int port, String clientId) {
    client =
        Mqtt3Client.builder()
            .identifier(clientId)
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildBlocking();
    client.connect();
  }

  /** Publishes with QoS 1 and returns once the broker acknowledged it. */
  void publish(String topic, byte[] payload) {
    client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
  }

  @Override
  public void close() {
    client.disconnect();
  }
}
