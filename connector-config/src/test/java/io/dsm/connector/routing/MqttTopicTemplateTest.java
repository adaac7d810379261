/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MqttTopicTemplateTest {
  @Test
  void rendersAttributesDanubeTopicAndKey() {
    MqttTopicTemplate t = MqttTopicTemplate.parse("devices/{attr.device}/{key}{danube_topic}");
    assertThat(t.render(Map.of("device", "d-7"), "/iot/cmd", "k1").topic())
        .isEqualTo("devices/d-7/k1/iot/cmd");
    assertThat(t.attributes()).containsExactly("device");
  }

  @Test
  void restoresTheSourceTopicFromMqttTopic() {
    MqttTopicTemplate t = MqttTopicTemplate.parse("{attr.mqtt.topic}");
    assertThat(t.render(Map.of("mqtt.topic", "plant/ü/测试"), "/iot/x", null).topic())
        .isEqualTo("plant/ü/测试");
  }

  @Test
  void aMissingAttributeOrKeyIsAProblemNotAnException() {
    MqttTopicTemplate t = MqttTopicTemplate.parse("a/{attr.device}");
    MqttTopicTemplate.Rendered r = t.render(Map.of(), "/iot/x", null);
    assertThat(r.ok()).isFalse();
    assertThat(r.problem()).contains("attribute device is missing");
    assertThat(MqttTopicTemplate.parse("a/{key}").render(Map.of(), "/iot/x", "").problem())
        .contains("routing key");
  }

  @Test
  void renderedWildcardsNulAndDollarAreRejected() {
    MqttTopicTemplate t = MqttTopicTemplate.parse("{attr.t}");
    assertThat(t.render(Map.of("t", "a/+/b"), "/x/y", null).problem()).contains("wildcard '+'");
    assertThat(t.render(Map.of("t", "a/#"), "/x/y", null).problem()).contains("wildcard '#'");
    assertThat(t.render(Map.of("t", "a\0b"), "/x/y", null).problem()).contains("NUL");
    assertThat(t.render(Map.of("t", "$SYS/x"), "/x/y", null).problem()).contains("'$'");
    assertThat(t.render(Map.of("t", ""), "/x/y", null).problem()).contains("empty");
    assertThat(t.render(Map.of("t", "x".repeat(70_000)), "/x/y", null).problem()).contains("65535");
  }

  @Test
  void badTemplatesAreRefusedAtParse() {
    assertThatThrownBy(() -> MqttTopicTemplate.parse("a/{nope}")).hasMessageContaining("{nope}");
    assertThatThrownBy(() -> MqttTopicTemplate.parse("a/{attr.x")).hasMessageContaining("'{'");
    assertThatThrownBy(() -> MqttTopicTemplate.parse("a/}")).hasMessageContaining("'}'");
    assertThatThrownBy(() -> MqttTopicTemplate.parse("a/+")).hasMessageContaining("wildcard");
    assertThatThrownBy(() -> MqttTopicTemplate.parse("")).hasMessageContaining("empty");
  }
}
