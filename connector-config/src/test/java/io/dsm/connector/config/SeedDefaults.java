/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

/** What the seed's required settings alone give, for the tests that load them. */
final class SeedDefaults {
  private SeedDefaults() {}

  /** The MQTT settings of a configuration that sets only host, client id and topics. */
  static MqttSettings mqtt(String host) {
    return new MqttSettings(
        host,
        1883,
        "danube-connector-1",
        null,
        null,
        TlsSettings.DISABLED,
        60,
        true,
        true,
        10_485_760,
        3,
        MqttSettings.defaultSessionExpiry(true),
        RetainHandling.SEND,
        null,
        false,
        null);
  }
}
