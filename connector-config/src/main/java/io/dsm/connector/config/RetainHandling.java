/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Locale;

/**
 * Whether the broker sends retained messages when the connector subscribes ({@code
 * MQTT_RETAIN_HANDLING}); the MQTT 5 subscription option "Retain Handling" (section 3.8.3.1).
 */
public enum RetainHandling {
  /** Retained messages at every subscribe, also when a session is resumed (MQTT's default). */
  SEND(0),
  /** Retained messages only for a subscription that did not exist yet. */
  SEND_NEW(1),
  /** No retained messages at subscribe. */
  NONE(2);

  private final int mqttValue;

  RetainHandling(int mqttValue) {
    this.mqttValue = mqttValue;
  }

  /** The value of the MQTT 5 subscription option: 0, 1 or 2. */
  public int mqttValue() {
    return mqttValue;
  }

  /** {@code send}, {@code send-new} or {@code none}, as configured. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
