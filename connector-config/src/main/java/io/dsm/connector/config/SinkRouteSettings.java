/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Objects;

/**
 * One route of the sink: a Danube topic and the MQTT topic template its messages are published to.
 *
 * @param from Danube topic consumed
 * @param to MQTT topic template ({@link io.dsm.connector.routing.MqttTopicTemplate})
 * @param qos publish QoS for this route
 */
public record SinkRouteSettings(String from, String to, int qos) {
  public SinkRouteSettings {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** One line for check and the start-up log. */
  public String describe() {
    return from + " -> " + to + " (QoS " + qos + ")";
  }
}
