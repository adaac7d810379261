/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import io.dsm.connector.mqtt.InboundMessage;
import io.dsm.danube.client.OutgoingMessage;
import java.util.Map;

/**
 * Turns an MQTT message into a Danube message: the payload byte for byte (never decoded or
 * re-encoded, so binary, empty and non-UTF-8 payloads survive), the {@code mqtt.*} and {@code
 * source} attributes when metadata is on, and the MQTT topic as routing key (so one MQTT topic
 * always lands on one partition, in order). Stateless, thread-safe.
 */
public final class RecordMapper {
  public static final String ATTR_TOPIC = "mqtt.topic";
  public static final String ATTR_QOS = "mqtt.qos";
  public static final String ATTR_RETAIN = "mqtt.retain";
  public static final String ATTR_DUP = "mqtt.dup";
  public static final String ATTR_SOURCE = "source";

  private final boolean includeMetadata;

  public RecordMapper(boolean includeMetadata) {
    this.includeMetadata = includeMetadata;
  }

  public OutgoingMessage map(InboundMessage m) {
    Map<String, String> attributes =
        includeMetadata
            ? Map.of(
                ATTR_TOPIC,
                m.topic(),
                ATTR_QOS,
                Integer.toString(m.qos()),
                ATTR_RETAIN,
                Boolean.toString(m.retain()),
                ATTR_DUP,
                Boolean.toString(m.dup()),
                ATTR_SOURCE,
                "mqtt")
            : Map.of();
    return new OutgoingMessage(m.payload(), attributes, m.topic());
  }
}
