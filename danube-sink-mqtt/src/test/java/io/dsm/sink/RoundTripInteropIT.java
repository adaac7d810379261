/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.testsupport.ConnectorEnv;
import io.dsm.testsupport.MosquittoTestBase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT -> source -> Danube -> sink -> MQTT against a real Mosquitto and the in-memory Danube: what
 * a device published comes back on the other side byte for byte (binary and empty payloads), on the
 * topic the template builds from {@code mqtt.topic}, with its MQTT 5 properties restored.
 */
@Tag("interop")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RoundTripInteropIT extends MosquittoTestBase {
  private static final String DANUBE_TOPIC = "/iot/roundtrip";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(b -> b.namespace("iot"));

  InMemoryDanubeBroker danube;

  /** The source ("source", client id source-1) over MQTT {@code version}: in/# to Danube. */
  static ConnectorEnv sourceEnv(int mqttPort, String danubeUrl, int version) {
    return ConnectorEnv.of("source", "source-1", danubeUrl, mqttPort)
        .protocol(version)
        .source("in/#", DANUBE_TOPIC);
  }

  /** The sink ("sink", client id sink-1) over MQTT {@code version}: Danube to out/<topic>. */
  static ConnectorEnv sinkEnv(int mqttPort, String danubeUrl, int version) {
    return ConnectorEnv.of("sink", "sink-1", danubeUrl, mqttPort)
        .protocol(version)
        .sink(DANUBE_TOPIC, "out/{attr.mqtt.topic}");
  }

  /** Starts source and sink over MQTT {@code version}; returns the sink. */
  private MqttSinkConnector startBoth(int version) throws Exception {
    TestConnectors.startSource(toClose, sourceEnv(mosquitto.port(), danube.serviceUrl(), version));
    return TestConnectors.startSink(
        toClose, sinkEnv(mosquitto.port(), danube.serviceUrl(), version));
  }

  /** A device client subscribed to everything the sink publishes. */
  private Mqtt5AsyncClient deviceOnOut(String id, Queue<Mqtt5Publish> received) throws Exception {
    Mqtt5AsyncClient device = TestConnectors.device(toClose, mosquitto.port(), id);
    TestConnectors.subscribe(device, "out/#", received::add);
    return device;
  }

  @Test
  void mqtt5RoundTripIsByteExactWithProperties() throws Exception {
    MqttSinkConnector sink = startBoth(5);
    ConcurrentLinkedQueue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
    Mqtt5AsyncClient device = deviceOnOut("device", received);

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
    TestConnectors.publish(device, "in/dev2/ping", new byte[0]);

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
    startBoth(3);
    ConcurrentLinkedQueue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
    Mqtt5AsyncClient device = deviceOnOut("device311", received);
    for (int i = 0; i < 50; i++) {
      TestConnectors.publish(
          device, "in/line/" + (i % 3), ("m-" + i).getBytes(StandardCharsets.UTF_8));
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

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
