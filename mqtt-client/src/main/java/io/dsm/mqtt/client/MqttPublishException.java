/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/**
 * The broker refused a PUBLISH (MQTT 5 PUBACK/PUBREC with an error reason code), or the message
 * cannot be sent at all (larger than the broker's maximum packet size).
 */
public final class MqttPublishException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int reasonCode;

  public MqttPublishException(String message, int reasonCode) {
    super(message);
    this.reasonCode = reasonCode;
  }

  /** The MQTT 5 reason code, or -1 when the message was not sent. */
  public int reasonCode() {
    return reasonCode;
  }
}
