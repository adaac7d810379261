/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

/**
 * MQTT connection settings.
 *
 * @param host broker host ({@code MQTT_BROKER_HOST})
 * @param port broker port ({@code MQTT_BROKER_PORT}; 1883, or 8883 with TLS, when unset)
 * @param clientId client identifier ({@code MQTT_CLIENT_ID})
 * @param username user name, or {@code null}
 * @param password password, or {@code null}; secret, never printed
 * @param tls TLS settings ({@code MQTT_USE_TLS} and friends)
 * @param keepAliveSecs keep-alive interval in seconds
 * @param cleanSession start a clean session (no state kept by the broker across connections)
 * @param includeMetadata add the {@code mqtt.*} and {@code source} attributes
 * @param maxPacketSize largest MQTT packet accepted, bytes
 * @param protocolVersion 3 (MQTT 3.1.1, default) or 5
 */
public record MqttSettings(
    String host,
    int port,
    String clientId,
    String username,
    String password,
    TlsSettings tls,
    int keepAliveSecs,
    boolean cleanSession,
    boolean includeMetadata,
    int maxPacketSize,
    int protocolVersion) {

  @Override
  public String toString() {
    return "MqttSettings[host="
        + host
        + ", port="
        + port
        + ", clientId="
        + clientId
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "[hidden]")
        + ", tls="
        + tls
        + ", keepAliveSecs="
        + keepAliveSecs
        + ", cleanSession="
        + cleanSession
        + ", includeMetadata="
        + includeMetadata
        + ", maxPacketSize="
        + maxPacketSize
        + ", protocolVersion="
        + protocolVersion
        + "]";
  }
}
