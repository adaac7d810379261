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
 * @param cleanSession start a clean session (no state kept by the broker across connections); the
 *     MQTT 5 Clean Start flag
 * @param includeMetadata add the {@code mqtt.*} and {@code source} attributes
 * @param maxPacketSize largest MQTT packet accepted, bytes
 * @param protocolVersion 3 (MQTT 3.1.1, default) or 5
 * @param sessionExpirySecs MQTT 5 Session Expiry Interval, seconds ({@code 4294967295}: never);
 *     unused with MQTT 3.1.1
 * @param retainHandling retained messages at subscribe
 * @param deadLetterTopic the connector-wide dead-letter topic ({@code DEAD_LETTER_TOPIC}), or
 *     {@code null}; each route carries its effective one
 * @param skipMarked skip messages a sink published (MQTT 5 user property {@code dsm.sink}; {@code
 *     MQTT_SKIP_MARKED})
 * @param skipTopicPrefix skip messages whose topic starts with this ({@code
 *     MQTT_SKIP_TOPIC_PREFIX}), or {@code null}
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
    int protocolVersion,
    long sessionExpirySecs,
    RetainHandling retainHandling,
    String deadLetterTopic,
    boolean skipMarked,
    String skipTopicPrefix) {

  /** Session Expiry Interval meaning "the session does not expire" (MQTT 5 section 3.1.2.11.2). */
  public static final long SESSION_NEVER_EXPIRES = 4_294_967_295L;

  /** The default of {@code MQTT_SESSION_EXPIRY_SECS}: 0 for a clean session, else never. */
  public static long defaultSessionExpiry(boolean cleanSession) {
    return cleanSession ? 0 : SESSION_NEVER_EXPIRES;
  }

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
        + ", sessionExpirySecs="
        + sessionExpirySecs
        + ", retainHandling="
        + retainHandling.configName()
        + ", deadLetterTopic="
        + deadLetterTopic
        + ", skipMarked="
        + skipMarked
        + ", skipTopicPrefix="
        + skipTopicPrefix
        + "]";
  }
}
