/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

/**
 * Told about the MQTT connection's life by {@link MqttIntake}, for metrics and health. Called on
 * the MQTT client's threads: implementations must be quick and must not block or throw. Causes are
 * one line, name what failed (for example {@code "not authorized: bad user name or password
 * (CONNACK 4)"} or {@code "TLS: server certificate expired"}) and never contain a secret.
 */
public interface MqttConnectionListener {

  /** Does nothing; the default listener. */
  MqttConnectionListener NONE = new MqttConnectionListener() {};

  /** A connection (the first or a reconnect) was established. */
  default void connected(boolean sessionPresent) {}

  /** An established connection was lost; the intake reconnects with backoff. */
  default void disconnected(String oneLineCause) {}

  /** The broker answered a SUBSCRIBE for {@code filter}; {@code grantedQos} is -1 if refused. */
  default void subscribed(String filter, int grantedQos) {}

  /** A connect attempt (the first or a reconnect) failed; the intake retries with backoff. */
  default void connectFailed(String oneLineCause) {}
}
