/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/**
 * Told about the connection's life. Runs on the client's I/O thread: must not block. Every method
 * has a no-op default.
 */
public interface ConnectionListener {
  /** A CONNACK accepted a connection (the first one or a reconnect). */
  default void connected(ConnectResult result, boolean reconnect) {}

  /** An established connection was lost; the client reconnects after {@code retryInMillis}. */
  default void connectionLost(String why, long retryInMillis) {}

  /**
   * A connect attempt failed.
   *
   * @param failure what failed, with a one-line message
   * @param retryInMillis when the next attempt follows, or -1 when none follows (the first connect)
   */
  default void connectFailed(MqttConnectException failure, long retryInMillis) {}

  /** The broker answered one subscription (at start and after a reconnect without session). */
  default void subscribed(SubscribeResult result, boolean resubscribe) {}

  /** The broker sent DISCONNECT (MQTT 5) with this reason. */
  default void disconnectedByBroker(String reason) {}

  ConnectionListener NONE = new ConnectionListener() {};
}
