/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.dsm.connector.MqttSourceConnector;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.testsupport.ConnectorEnv;
import io.dsm.testsupport.MosquittoTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A two-way bridge on one topic tree: the source forwards {@code devices/#} to Danube and the sink
 * publishes that Danube topic back to the same MQTT topics. Without loop prevention every message
 * would circle forever; with it, the source skips (acknowledges and counts) what the sink
 * published, and Danube holds each device message exactly once.
 */
@Tag("interop")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LoopPreventionInteropIT extends MosquittoTestBase {
  private static final String TOPIC = "/iot/bridge";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(b -> b.namespace("iot"));

  InMemoryDanubeBroker danube;

  @Test
  void mqtt5MarkerStopsTheLoop() throws Exception {
    bridge(source(5, "devices/#").with("MQTT_SKIP_MARKED", "true"), sink(5), "devices/d1/state");
  }

  @Test
  void mqtt311TopicPrefixStopsTheLoop() throws Exception {
    bridge(
        source(3, "#").with("MQTT_SKIP_TOPIC_PREFIX", "bridge/"),
        sink(3).with("SINK_TOPIC_PREFIX", "bridge/"),
        "devices/d2/state");
  }

  /** The source forwarding {@code filter} to the bridge topic. */
  private ConnectorEnv source(int version, String filter) {
    return RoundTripInteropIT.sourceEnv(mosquitto.port(), danube.serviceUrl(), version)
        .source(filter, TOPIC);
  }

  /** The sink publishing the bridge topic back to each message's own MQTT topic. */
  private ConnectorEnv sink(int version) {
    return RoundTripInteropIT.sinkEnv(mosquitto.port(), danube.serviceUrl(), version)
        .sink(TOPIC, "{attr.mqtt.topic}");
  }

  private void bridge(ConnectorEnv sourceEnv, ConnectorEnv sinkEnv, String topic) throws Exception {
    MqttSourceConnector source = TestConnectors.startSource(toClose, sourceEnv);
    MqttSinkConnector sink = TestConnectors.startSink(toClose, sinkEnv);
    Mqtt5AsyncClient device = TestConnectors.device(toClose, mosquitto.port(), "device");
    int n = 5;
    for (int i = 0; i < n; i++) {
      TestConnectors.publish(device, topic, ("state-" + i).getBytes(StandardCharsets.UTF_8));
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
