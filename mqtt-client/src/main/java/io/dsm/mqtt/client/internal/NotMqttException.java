/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

/** The broker sent bytes that are not the MQTT expected at that point. */
final class NotMqttException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean tlsRecord;

  NotMqttException(String message, boolean tlsRecord) {
    super(message);
    this.tlsRecord = tlsRecord;
  }

  /** Whether the bytes looked like a TLS record (a TLS listener answering plain MQTT). */
  boolean tlsRecord() {
    return tlsRecord;
  }
}
