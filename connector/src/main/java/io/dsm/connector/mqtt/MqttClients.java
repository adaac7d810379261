/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import io.dsm.connector.config.MqttSettings;
import io.dsm.connector.config.TlsSettings;

/** Builds HiveMQ clients from {@link MqttSettings}: address, TLS, credentials, protocol version. */
final class MqttClients {
  private MqttClients() {}

  /** A builder with the broker address and client identifier. */
  static MqttClientBuilder builder(MqttSettings settings) {
    return MqttClient.builder()
        .identifier(settings.clientId())
        .serverHost(settings.host())
        .serverPort(settings.port());
  }

  /**
   * Adds TLS (when enabled) and credentials to {@code common} and builds the client for the
   * settings' protocol version.
   *
   * @throws IllegalArgumentException for unusable TLS files or credentials MQTT 3.1.1 cannot send
   */
  static MqttProtocol protocol(MqttSettings settings, MqttClientBuilder common) {
    if (settings.protocolVersion() != 3 && settings.protocolVersion() != 5) {
      throw new IllegalArgumentException(
          "mqtt protocol version must be 3 (MQTT 3.1.1) or 5, but was "
              + settings.protocolVersion());
    }
    if (settings.password() != null
        && settings.username() == null
        && settings.protocolVersion() != 5) {
      throw new IllegalArgumentException(
          "MQTT_PASSWORD is set but MQTT_USERNAME is not; MQTT 3.1.1 allows a password only with a"
              + " user name");
    }
    TlsSettings tls = settings.tls();
    if (tls != null && tls.enabled()) {
      common = common.sslConfig(MqttTlsFactory.sslConfig(tls));
    }
    return settings.protocolVersion() == 5
        ? new Mqtt5Protocol(settings, common)
        : new Mqtt3Protocol(settings, common);
  }
}
