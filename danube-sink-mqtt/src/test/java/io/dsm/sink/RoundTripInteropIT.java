/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.dsm.connector.MqttSourceConnector;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.SinkSettings;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.testsupport.Closer;
import io.dsm.testsupport.MosquittoProcess;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MQTT -> source -> Danube -> sink -> MQTT against a real Mosquitto and the in-memory Danube: what
 * a device published comes back on the other side byte for byte (binary and empty payloads), on the
 * topic the template builds from {@code mqtt.topic}, with its MQTT 5 properties restored.
 */
@Tag("interop")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RoundTripInteropIT {
  private static final String DANUBE_TOPIC = "/iot/roundtrip";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Closer toClose = new Closer();
  private MosquittoProcess mosquitto;
  private InMemoryDanubeBroker danube;

  @BeforeEach
  void start() throws Exception {
    mosquitto = MosquittoProcess.start();
    toClose.add(mosquitto);
    danube = InMemoryDanubeBroker.builder().start();
    toClose.add(danube);
    danube.createNamespace("iot");
  }

  @AfterEach
  void stop() throws Exception {
    toClose.closeAll();
  }

  static Map<String, String> sourceEnv(int mqttPort, String danubeUrl, String version) {
    Map<String, String> env = new HashMap<>();
    env.put("DANUBE_SERVICE_URL", danubeUrl);
    env.put("CONNECTOR_NAME", "source");
    env.put("MQTT_BROKER_HOST", "127.0.0.1");
    env.put("MQTT_BROKER_PORT", Integer.toString(mqttPort));
    env.put("MQTT_CLIENT_ID", "source-1");
    env.put("MQTT_TOPICS", "in/#");
    env.put("MQTT_DANUBE_TOPIC", DANUBE_TOPIC);
    env.put("MQTT_PROTOCOL_VERSION", version);
    env.put("METRICS_PORT", "0");
    return env;
  }

  static Map<String, String> sinkEnv(int mqttPort, String danubeUrl, String version) {
    Map<String, String> env = new HashMap<>();
    env.put("DANUBE_SERVICE_URL", danubeUrl);
    env.put("CONNECTOR_NAME", "sink");
    env.put("MQTT_BROKER_HOST", "127.0.0.1");
    env.put("MQTT_BROKER_PORT", Integer.toString(mqttPort));
    env.put("MQTT_CLIENT_ID", "sink-1");
    env.put("DANUBE_TOPICS", DANUBE_TOPIC);
    env.put("MQTT_TOPIC_TEMPLATE", "out/{attr.mqtt.topic}");
    env.put("MQTT_PROTOCOL_VERSION", version);
    env.put("METRICS_PORT", "0");
    return env;
  }

  @Test
  void mqtt5RoundTripIsByteExactWithProperties() throws Exception {
    MqttSourceConnector source =
        new MqttSourceConnector(
            ConfigLoader.load(
                    EnvSource.of(sourceEnv(mosquitto.port(), danube.serviceUrl(), "5")), Map.of())
                .settings());
    toClose.add(source::close);
    source.start();
    SinkSettings sinkSettings =
        ConfigLoader.loadSink(
                EnvSource.of(sinkEnv(mosquitto.port(), danube.serviceUrl(), "5")), Map.of())
            .settings();
    MqttSinkConnector sink = new MqttSinkConnector(sinkSettings);
    toClose.add(sink::close);
    sink.start();

    ConcurrentLinkedQueue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
    Mqtt5AsyncClient device = client("device");
    device
        .subscribeWith()
        .topicFilter("out/#")
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(received::add)
        .send()
        .get(10, TimeUnit.SECONDS);

    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    byte[] correlation = {0, 1, 2, (byte) 0xff};
    device
        .publishWith()
        .topic("in/dev1/cmd")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(binary)
        .contentType("application/octet-stream")
        .responseTopic("in/dev1/reply")
        .correlationData(correlation)
        .userProperties()
        .add("tag", "first")
        .add("tag", "second")
        .add("unit", "°C")
        .applyUserProperties()
        .send()
        .get(10, TimeUnit.SECONDS);
    device
        .publishWith()
        .topic("in/dev2/ping")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(new byte[0])
        .send()
        .get(10, TimeUnit.SECONDS);

    await().atMost(WAIT).until(() -> received.size() >= 2);
    Mqtt5Publish first =
        received.stream()
            .filter(p -> p.getTopic().toString().equals("out/in/dev1/cmd"))
            .findFirst()
            .orElseThrow();
    assertThat(first.getPayloadAsBytes()).isEqualTo(binary);
    assertThat(first.getContentType())
        .hasValueSatisfying(c -> assertThat(c).hasToString("application/octet-stream"));
    assertThat(first.getResponseTopic())
        .hasValueSatisfying(t -> assertThat(t).hasToString("in/dev1/reply"));
    assertThat(first.getCorrelationData().map(RoundTripInteropIT::bytes)).contains(correlation);
    List<String> users =
        first.getUserProperties().asList().stream()
            .map(u -> u.getName() + "=" + u.getValue())
            .toList();
    assertThat(users).containsSubsequence("tag=first", "tag=second", "unit=°C");
    assertThat(users).as("the loop marker").contains("dsm.sink=sink");

    Mqtt5Publish empty =
        received.stream()
            .filter(p -> p.getTopic().toString().equals("out/in/dev2/ping"))
            .findFirst()
            .orElseThrow();
    assertThat(empty.getPayloadAsBytes()).isEmpty();
    await().atMost(WAIT).until(() -> sink.inFlight() == 0);
  }

  @Test
  void mqtt311RoundTripKeepsBytesAndTopic() throws Exception {
    MqttSourceConnector source =
        new MqttSourceConnector(
            ConfigLoader.load(
                    EnvSource.of(sourceEnv(mosquitto.port(), danube.serviceUrl(), "3")), Map.of())
                .settings());
    toClose.add(source::close);
    source.start();
    MqttSinkConnector sink =
        new MqttSinkConnector(
            ConfigLoader.loadSink(
                    EnvSource.of(sinkEnv(mosquitto.port(), danube.serviceUrl(), "3")), Map.of())
                .settings());
    toClose.add(sink::close);
    sink.start();

    ConcurrentLinkedQueue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
    Mqtt5AsyncClient device = client("device311");
    device
        .subscribeWith()
        .topicFilter("out/#")
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(received::add)
        .send()
        .get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 50; i++) {
      device
          .publishWith()
          .topic("in/line/" + (i % 3))
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(("m-" + i).getBytes(StandardCharsets.UTF_8))
          .send()
          .get(10, TimeUnit.SECONDS);
    }
    await().atMost(WAIT).until(() -> received.size() >= 50);
    assertThat(received)
        .extracting(
            p -> p.getTopic() + ":" + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))
        .containsAll(
            java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> "out/in/line/" + (i % 3) + ":m-" + i)
                .toList());
  }

  private Mqtt5AsyncClient client(String id) throws Exception {
    Mqtt5AsyncClient c =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(id)
            .serverHost("127.0.0.1")
            .serverPort(mosquitto.port())
            .buildAsync();
    c.connect().get(10, TimeUnit.SECONDS);
    toClose.add(() -> c.disconnect().get(5, TimeUnit.SECONDS));
    return c;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
