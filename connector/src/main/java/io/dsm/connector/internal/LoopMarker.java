/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import io.dsm.connector.config.MqttSettings;
import io.dsm.connector.config.SinkSettings;
import io.dsm.mqtt.client.InboundPublish;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Loop prevention for a bidirectional bridge: recognises what a sink connector published, so the
 * source does not carry it back to Danube. With MQTT 5 the sink marks each PUBLISH with the user
 * property {@code dsm.sink} ({@code MQTT_SKIP_MARKED} skips those); with MQTT 3.1.1, which has no
 * properties, the sink puts {@code SINK_TOPIC_PREFIX} before its topics ({@code
 * MQTT_SKIP_TOPIC_PREFIX} skips those).
 */
public final class LoopMarker {
  private LoopMarker() {}

  /** The skip rule of these settings; never true when neither setting is on. */
  public static Predicate<InboundPublish> of(MqttSettings settings) {
    boolean marked = settings.skipMarked();
    String prefix = settings.skipTopicPrefix();
    boolean byPrefix = prefix != null && !prefix.isEmpty();
    if (!marked && !byPrefix) {
      return m -> false;
    }
    return m -> (byPrefix && m.topic().startsWith(prefix)) || (marked && isMarked(m));
  }

  static boolean isMarked(InboundPublish m) {
    for (Map.Entry<String, String> e : m.properties().userProperties()) {
      if (e.getKey().equals(SinkSettings.MARKER_PROPERTY)) {
        return true;
      }
    }
    return false;
  }
}
