/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.OutgoingMessage;
import io.dsm.mqtt.client.InboundPublish;
import io.dsm.mqtt.client.PublishProperties;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

  private static InboundPublish msg(byte[] payload, int qos, boolean retain) {
    return msg(payload, qos, retain, false, PublishProperties.NONE);
  }

  private static InboundPublish msg(
      byte[] payload, int qos, boolean retain, boolean dup, PublishProperties props) {
    return new InboundPublish(
        "sensors/ı/temp",
        payload,
        qos,
        retain,
        dup,
        1,
        props,
        payload.length,
        false,
        payload.length,
        0,
        null);
  }

  @Test
  void keepsNonUtf8PayloadByteForByte() {
    byte[] payload = {(byte) 0xC3, 0x28, 0, (byte) 0xFF, (byte) 0xFE};
    OutgoingMessage out = new RecordMapper(true).map(msg(payload, 1, false));
    assertThat(out.payload()).containsExactly(payload);
  }

  @Test
  void keepsEmptyPayload() {
    assertThat(new RecordMapper(true).map(msg(new byte[0], 0, false)).payload()).isEmpty();
  }

  @Test
  void addsMqttAttributesAndUsesTheTopicAsRoutingKey() {
    OutgoingMessage out = new RecordMapper(true).map(msg(new byte[] {1}, 2, true));
    assertThat(out.attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "mqtt.topic", "sensors/ı/temp",
                "mqtt.qos", "2",
                "mqtt.retain", "true",
                "mqtt.dup", "false",
                "source", "mqtt"));
    assertThat(out.routingKey()).isEqualTo("sensors/ı/temp");
  }

  @Test
  void addsNoAttributesWithoutMetadata() {
    OutgoingMessage out = new RecordMapper(false).map(msg(new byte[] {1}, 1, false));
    assertThat(out.attributes()).isEmpty();
    assertThat(out.routingKey()).isEqualTo("sensors/ı/temp");
  }

  @Test
  void theDupFlagIsPassedOn() {
    OutgoingMessage out =
        new RecordMapper(true).map(msg(new byte[] {1}, 1, false, true, PublishProperties.NONE));
    assertThat(out.attributes()).containsEntry("mqtt.dup", "true");
  }

  @Test
  void mqtt5PropertiesBecomeNamespacedAttributes() {
    PublishProperties props =
        new PublishProperties(
            true,
            3600L,
            "application/json",
            "replies/7",
            new byte[] {0, 1, (byte) 0xff},
            List.of(Map.entry("site", "plant-7"), Map.entry("mqtt.topic", "spoofed")),
            List.of(3, 9));

    Map<String, String> a =
        new RecordMapper(true).map(msg(new byte[] {1}, 1, false, false, props)).attributes();

    assertThat(a)
        .containsEntry("mqtt.topic", "sensors/ı/temp") // a user property cannot replace it
        .containsEntry("mqtt.user.mqtt.topic", "spoofed")
        .containsEntry("mqtt.user.site", "plant-7")
        .containsEntry("mqtt.content_type", "application/json")
        .containsEntry("mqtt.response_topic", "replies/7")
        .containsEntry("mqtt.correlation_data", "AAH/")
        .containsEntry("mqtt.payload_format", "utf8")
        .containsEntry("mqtt.message_expiry_secs", "3600")
        .containsEntry("mqtt.subscription_ids", "3,9")
        .doesNotContainKey("mqtt.user_properties");
  }

  @Test
  void repeatedUserPropertiesKeepEveryValueInOrder() {
    PublishProperties props =
        PublishProperties.ofUserProperties(
            List.of(Map.entry("tag", "a"), Map.entry("other", "x\"y"), Map.entry("tag", "b")));

    Map<String, String> a =
        new RecordMapper(true).map(msg(new byte[] {1}, 1, false, false, props)).attributes();

    assertThat(a).containsEntry("mqtt.user.tag", "a").containsEntry("mqtt.user.other", "x\"y");
    assertThat(a.get("mqtt.user_properties"))
        .isEqualTo("[[\"tag\",\"a\"],[\"other\",\"x\\\"y\"],[\"tag\",\"b\"]]");
    assertThat(a.get("mqtt.user_properties").getBytes(StandardCharsets.UTF_8)).isNotEmpty();
  }

  @Test
  void mqtt5PropertiesAreLeftOutWithoutMetadata() {
    PublishProperties props =
        new PublishProperties(
            null, null, "text/plain", null, null, List.of(Map.entry("a", "b")), List.of());
    assertThat(
            new RecordMapper(false).map(msg(new byte[] {1}, 1, false, false, props)).attributes())
        .isEmpty();
  }
}
