/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.dsm.connector.MqttSourceConnector;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.testsupport.Closer;
import io.dsm.testsupport.MosquittoProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A two-way bridge on one topic tree: the source forwards {@code devices/#} to Danube and the sink
 * publishes that Danube topic back to the same MQTT topics. Without loop prevention every message
 * would circle forever; with it, the source skips (acknowledges and counts) what the sink
 * published, and Danube holds each device message exactly once.
 */
@Tag("interop")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LoopPreventionInteropIT {
  private static final String TOPIC = "/iot/bridge";
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

  @Test
  void mqtt5MarkerStopsTheLoop() throws Exception {
    Map<String, String> source =
        RoundTripInteropIT.sourceEnv(mosquitto.port(), danube.serviceUrl(), "5");
    source.put("MQTT_TOPICS", "devices/#");
    source.put("MQTT_DANUBE_TOPIC", TOPIC);
    source.put("MQTT_SKIP_MARKED", "true");
    Map<String, String> sink =
        RoundTripInteropIT.sinkEnv(mosquitto.port(), danube.serviceUrl(), "5");
    sink.put("DANUBE_TOPICS", TOPIC);
    sink.put("MQTT_TOPIC_TEMPLATE", "{attr.mqtt.topic}");
    bridge(source, sink, "devices/d1/state");
  }

  @Test
  void mqtt311TopicPrefixStopsTheLoop() throws Exception {
    Map<String, String> source =
        RoundTripInteropIT.sourceEnv(mosquitto.port(), danube.serviceUrl(), "3");
    source.put("MQTT_TOPICS", "#");
    source.put("MQTT_DANUBE_TOPIC", TOPIC);
    source.put("MQTT_SKIP_TOPIC_PREFIX", "bridge/");
    Map<String, String> sink =
        RoundTripInteropIT.sinkEnv(mosquitto.port(), danube.serviceUrl(), "3");
    sink.put("DANUBE_TOPICS", TOPIC);
    sink.put("MQTT_TOPIC_TEMPLATE", "{attr.mqtt.topic}");
    sink.put("SINK_TOPIC_PREFIX", "bridge/");
    bridge(source, sink, "devices/d2/state");
  }

  private void bridge(Map<String, String> sourceEnv, Map<String, String> sinkEnv, String topic)
      throws Exception {
    MqttSourceConnector source =
        new MqttSourceConnector(ConfigLoader.load(EnvSource.of(sourceEnv), Map.of()).settings());
    toClose.add(source::close);
    source.start();
    MqttSinkConnector sink =
        new MqttSinkConnector(ConfigLoader.loadSink(EnvSource.of(sinkEnv), Map.of()).settings());
    toClose.add(sink::close);
    sink.start();

    Mqtt5AsyncClient device =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("device")
            .serverHost("127.0.0.1")
            .serverPort(mosquitto.port())
            .buildAsync();
    device.connect().get(10, TimeUnit.SECONDS);
    toClose.add(() -> device.disconnect().get(5, TimeUnit.SECONDS));
    int n = 5;
    for (int i = 0; i < n; i++) {
      device
          .publishWith()
          .topic(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(("state-" + i).getBytes(StandardCharsets.UTF_8))
          .send()
          .get(10, TimeUnit.SECONDS);
    }
    // Each device message went to Danube, back out through the sink, and its echo was skipped.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(source.stats().loopMarked())
                    .as(
                        () ->
                            "skipped; Danube holds "
                                + danube.topic(TOPIC).messages().stream()
                                    .limit(12)
                                    .map(m -> m.attributes().toString())
                                    .toList()
                                + ", received "
                                + source.stats().received())
                    .isEqualTo(n));
    await().atMost(WAIT).until(() -> sink.inFlight() == 0);
    assertThat(danube.topic(TOPIC).payloadsUtf8())
        .as("each device message once in Danube, no echo")
        .containsExactly("state-0", "state-1", "state-2", "state-3", "state-4");
  }
}
