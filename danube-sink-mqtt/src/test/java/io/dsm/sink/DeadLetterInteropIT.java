/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.testsupport.Closer;
import io.dsm.testsupport.MosquittoProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages whose MQTT topic cannot be rendered (attribute missing, wildcard or NUL in the value) go
 * to the dead-letter topic with their attributes plus dlq.reason and dlq.error, or without one are
 * counted and acknowledged; either way the sink keeps publishing the good ones.
 */
@Tag("interop")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeadLetterInteropIT {
  private static final String TOPIC = "/iot/commands";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Closer toClose = new Closer();
  private MosquittoProcess mosquitto;
  private InMemoryDanubeBroker danube;
  private DanubeProducer producer;
  private final Queue<String> received = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    mosquitto = MosquittoProcess.start();
    toClose.add(mosquitto);
    danube = InMemoryDanubeBroker.builder().start();
    toClose.add(danube);
    danube.createNamespace("iot");
    DanubeClient client = DanubeClients.create(DanubeClientConfig.of(danube.serviceUrl()));
    toClose.add(client);
    producer =
        client
            .createProducer(ProducerConfig.of(TOPIC, "commander", DispatchStrategy.RELIABLE))
            .get(30, TimeUnit.SECONDS);
    Mqtt5AsyncClient device =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("devices")
            .serverHost("127.0.0.1")
            .serverPort(mosquitto.port())
            .buildAsync();
    device.connect().get(10, TimeUnit.SECONDS);
    toClose.add(() -> device.disconnect().get(5, TimeUnit.SECONDS));
    device
        .subscribeWith()
        .topicFilter("devices/#")
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(
            p ->
                received.add(
                    p.getTopic() + ":" + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
        .send()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    toClose.closeAll();
  }

  private MqttSinkConnector sink(String deadLetterTopic) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DANUBE_SERVICE_URL", danube.serviceUrl());
    env.put("CONNECTOR_NAME", "sink");
    env.put("MQTT_BROKER_HOST", "127.0.0.1");
    env.put("MQTT_BROKER_PORT", Integer.toString(mosquitto.port()));
    env.put("MQTT_CLIENT_ID", "sink-1");
    env.put("DANUBE_TOPICS", TOPIC);
    env.put("MQTT_TOPIC_TEMPLATE", "devices/{attr.device}/cmd");
    env.put("METRICS_PORT", "0");
    if (deadLetterTopic != null) {
      env.put("DEAD_LETTER_TOPIC", deadLetterTopic);
    }
    MqttSinkConnector sink =
        new MqttSinkConnector(ConfigLoader.loadSink(EnvSource.of(env), Map.of()).settings());
    toClose.add(sink::close);
    sink.start();
    return sink;
  }

  private void send(String payload, Map<String, String> attributes) throws Exception {
    producer
        .sendAsync(new OutgoingMessage(payload.getBytes(StandardCharsets.UTF_8), attributes, null))
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void badTopicsGoToTheDeadLetterTopicAndGoodOnesFlow() throws Exception {
    MqttSinkConnector sink = sink("/iot/sink-dlq");
    send("no-device", Map.of("other", "x"));
    send("wildcard", Map.of("device", "a/+"));
    send("nul", Map.of("device", "a\0b"));
    send("good", Map.of("device", "d1"));

    await().atMost(WAIT).until(() -> received.contains("devices/d1/cmd:good"));
    await().atMost(WAIT).until(() -> danube.topic("/iot/sink-dlq").messageCount() == 3);
    List<StoredMessage> dead = danube.topic("/iot/sink-dlq").messages();
    assertThat(dead)
        .extracting(StoredMessage::payloadUtf8)
        .containsExactly("no-device", "wildcard", "nul");
    assertThat(dead)
        .allSatisfy(m -> assertThat(m.attributes()).containsEntry("dlq.reason", "invalid_topic"));
    assertThat(dead.get(0).attributes())
        .containsEntry("other", "x")
        .containsEntry("dlq.source_topic", TOPIC);
    assertThat(dead.get(0).attributes().get("dlq.error")).contains("attribute device is missing");
    assertThat(dead.get(1).attributes().get("dlq.error")).contains("wildcard");
    assertThat(dead.get(2).attributes().get("dlq.error")).contains("NUL");
    await().atMost(WAIT).until(() -> sink.inFlight() == 0);
    assertThat(received).containsExactly("devices/d1/cmd:good");
  }

  @Test
  void withoutADeadLetterTopicBadOnesAreAckedAndSkipped() throws Exception {
    MqttSinkConnector sink = sink(null);
    send("no-device", Map.of());
    send("good", Map.of("device", "d2"));
    await().atMost(WAIT).until(() -> received.contains("devices/d2/cmd:good"));
    await().atMost(WAIT).until(() -> sink.inFlight() == 0);
    assertThat(received).containsExactly("devices/d2/cmd:good");
  }
}
