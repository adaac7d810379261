/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.testsupport.ConnectorEnv;
import io.dsm.testsupport.MosquittoTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages whose MQTT topic cannot be rendered (attribute missing, wildcard or NUL in the value) go
 * to the dead-letter topic with their attributes plus dlq.reason and dlq.error, or without one are
 * counted and acknowledged; either way the sink keeps publishing the good ones.
 */
@Tag("interop")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeadLetterInteropIT extends MosquittoTestBase {
  private static final String TOPIC = "/iot/commands";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(b -> b.namespace("iot"));

  InMemoryDanubeBroker danube;
  private DanubeProducer producer;
  private final Queue<String> received = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    producer = TestConnectors.commander(toClose, danube.serviceUrl(), TOPIC);
    TestConnectors.subscribe(
        TestConnectors.device(toClose, mosquitto.port(), "devices"),
        "devices/#",
        p -> received.add(p.getTopic() + ":" + new String(p.getPayloadAsBytes(), UTF_8)));
  }

  private MqttSinkConnector sink(String deadLetterTopic) throws Exception {
    ConnectorEnv env =
        ConnectorEnv.of("sink", "sink-1", danube.serviceUrl(), mosquitto.port())
            .sink(TOPIC, "devices/{attr.device}/cmd");
    if (deadLetterTopic != null) {
      env.with("DEAD_LETTER_TOPIC", deadLetterTopic);
    }
    return TestConnectors.startSink(toClose, env);
  }

  private void send(String payload, Map<String, String> attributes) throws Exception {
    producer
        .sendAsync(new OutgoingMessage(payload.getBytes(UTF_8), attributes, null))
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
