/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.mqtt.InboundMessage;
import io.dsm.connector.mqtt.MqttAck;
import io.dsm.danube.client.OutgoingMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

  private static InboundMessage msg(byte[] payload, int qos, boolean retain) {
    return new InboundMessage("sensors/ı/temp", payload, qos, retain, false, 0, MqttAck.NONE);
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
}
