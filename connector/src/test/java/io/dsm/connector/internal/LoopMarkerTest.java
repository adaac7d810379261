/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.MqttSettings;
import io.dsm.mqtt.client.InboundPublish;
import io.dsm.mqtt.client.PublishProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class LoopMarkerTest {
  private static MqttSettings settings(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DANUBE_SERVICE_URL", "http://127.0.0.1:6650");
    env.put("CONNECTOR_NAME", "bridge");
    env.put("MQTT_BROKER_HOST", "127.0.0.1");
    env.put("MQTT_CLIENT_ID", "bridge-1");
    env.put("MQTT_TOPICS", "#");
    env.putAll(extra);
    return ConfigLoader.load(EnvSource.of(env), Map.of()).settings().mqtt();
  }

  private static InboundPublish publish(String topic, List<Map.Entry<String, String>> users) {
    PublishProperties p = PublishProperties.ofUserProperties(users);
    return new InboundPublish(topic, new byte[0], 1, false, false, 1, p, 0, false, 0, 0, () -> {});
  }

  @Test
  void offByDefault() throws Exception {
    Predicate<InboundPublish> skip = LoopMarker.of(settings(Map.of()));
    assertThat(skip.test(publish("a", List.of(Map.entry("dsm.sink", "s"))))).isFalse();
  }

  @Test
  void skipsMarkedMessages() throws Exception {
    Predicate<InboundPublish> skip = LoopMarker.of(settings(Map.of("MQTT_SKIP_MARKED", "true")));
    assertThat(skip.test(publish("a", List.of(Map.entry("dsm.sink", "s"))))).isTrue();
    assertThat(skip.test(publish("a", List.of(Map.entry("other", "s"))))).isFalse();
  }

  @Test
  void skipsPrefixedTopics() throws Exception {
    Predicate<InboundPublish> skip =
        LoopMarker.of(settings(Map.of("MQTT_SKIP_TOPIC_PREFIX", "bridge/")));
    assertThat(skip.test(publish("bridge/a", List.of()))).isTrue();
    assertThat(skip.test(publish("a/bridge/", List.of()))).isFalse();
  }
}
