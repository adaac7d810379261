/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

/** The MQTT broker a run uses: started by the bench (Mosquitto, embedded HiveMQ) or external. */
public interface MqttBroker extends AutoCloseable {
  String host();

  int port();

  /** A short description for the report, e.g. "mosquitto 2.0.11 (started by the bench)". */
  String describe();

  @Override
  void close();

  /** An already running broker; the bench neither starts nor stops it. */
  static MqttBroker external(String host, int port) {
    return new MqttBroker() {
      @Override
      public String host() {
        return host;
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public String describe() {
        return "external broker at " + host + ":" + port;
      }

      @Override
      public void close() {}
    };
  }
}
