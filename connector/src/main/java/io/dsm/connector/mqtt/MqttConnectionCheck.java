/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import io.dsm.connector.config.MqttSettings;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects to the MQTT broker with the connector's address, TLS and credentials, without
 * subscribing, and disconnects again: what {@code check --connect} runs.
 *
 * <p>It connects as {@code <client id>-check} with a clean session, so it neither takes over a
 * running connector's connection (brokers disconnect the older of two clients with one identifier)
 * nor discards a persistent session the connector keeps under its own identifier.
 */
public final class MqttConnectionCheck {
  private MqttConnectionCheck() {}

  /**
   * Connects and disconnects, waiting at most {@code timeout} for the CONNACK.
   *
   * @return one line describing the successful connection
   * @throws MqttIntakeException with one line naming the broker and the cause; {@link
   *     MqttIntakeException#brokerUnavailable()} false when the broker refused us (credentials,
   *     certificates) rather than being unreachable
   * @throws IllegalArgumentException when a TLS file cannot be used
   */
  public static String run(MqttSettings settings, Duration timeout) throws MqttIntakeException {
    MqttSettings probe =
        new MqttSettings(
            settings.host(),
            settings.port(),
            settings.clientId() + "-check",
            settings.username(),
            settings.password(),
            settings.tls(),
            settings.keepAliveSecs(),
            true,
            settings.includeMetadata(),
            settings.maxPacketSize(),
            settings.protocolVersion());
    MqttProtocol protocol = MqttClients.protocol(probe, MqttClients.builder(probe));
    String broker = probe.host() + ":" + probe.port();
    boolean tls = probe.tls() != null && probe.tls().enabled();
    try {
      protocol.connect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new MqttIntakeException(
          "cannot connect to MQTT broker "
              + broker
              + " as client id '"
              + probe.clientId()
              + "': "
              + MqttFailures.describe(cause),
          !MqttFailures.isRefusal(cause),
          cause);
    } catch (TimeoutException e) {
      disconnectQuietly(protocol);
      throw new MqttIntakeException(
          "MQTT broker " + broker + " did not accept the connection within " + timeout, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      disconnectQuietly(protocol);
      throw new MqttIntakeException("interrupted while connecting to " + broker, true, e);
    }
    disconnectQuietly(protocol);
    return "MQTT broker "
        + broker
        + " accepted client id '"
        + probe.clientId()
        + "' (MQTT "
        + (probe.protocolVersion() == 5 ? "5" : "3.1.1")
        + (tls ? ", TLS" : ", no TLS")
        + (probe.username() == null ? ", anonymous" : ", user '" + probe.username() + "'")
        + ")";
  }

  private static void disconnectQuietly(MqttProtocol protocol) {
    try {
      if (protocol.state().isConnectedOrReconnect()) {
        protocol.disconnect();
      }
    } catch (RuntimeException e) {
      // best effort: the check's result does not depend on a clean disconnect
    }
  }
}
