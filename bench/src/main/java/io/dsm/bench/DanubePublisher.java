/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.runtime.mqtt.MqttAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

/**
 * The raw-Danube peer: sends the same payloads straight to Danube with the project's client, with
 * the attributes and routing key (the MQTT topic) the connector would set, so that the only
 * difference to the connector run is MQTT and the connector itself.
 */
final class DanubePublisher implements MessageSender {
  private final List<DanubeProducer> producers;
  private final ToIntFunction<String> routeOfTopic;
  private final int qos;

  DanubePublisher(List<DanubeProducer> producers, ToIntFunction<String> routeOfTopic, int qos) {
    this.producers = List.copyOf(producers);
    this.routeOfTopic = routeOfTopic;
    this.qos = qos;
  }

  @Override
  public CompletableFuture<?> send(String topic, byte[] payload) {
    Map<String, String> attributes =
        Map.of(
            MqttAttributes.TOPIC,
            topic,
            MqttAttributes.QOS,
            Integer.toString(qos),
            MqttAttributes.RETAIN,
            "false",
            MqttAttributes.DUP,
            "false",
            MqttAttributes.SOURCE,
            "mqtt");
    return producers
        .get(routeOfTopic.applyAsInt(topic))
        .sendAsync(new OutgoingMessage(payload, attributes, topic));
  }

  @Override
  public void close() {
    // The producers belong to the phase, which closes them with the client.
  }
}
