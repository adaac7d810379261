/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/** The MQTT protocol versions the client speaks. */
public enum MqttVersion {
  /** MQTT 3.1.1 (protocol level 4). */
  MQTT_3_1_1,
  /** MQTT 5.0 (protocol level 5). */
  MQTT_5;

  /** 3 for MQTT 3.1.1, 5 for MQTT 5, as the connector's settings name them. */
  public static MqttVersion of(int version) {
    return switch (version) {
      case 3, 4 -> MQTT_3_1_1;
      case 5 -> MQTT_5;
      default ->
          throw new IllegalArgumentException(
              "MQTT protocol version must be 3 (MQTT 3.1.1) or 5, but was " + version);
    };
  }

  @Override
  public String toString() {
    return this == MQTT_5 ? "5" : "3.1.1";
  }
}
