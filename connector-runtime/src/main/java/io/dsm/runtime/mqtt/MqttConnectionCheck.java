/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.mqtt;

import io.dsm.common.Backoff;
import io.dsm.common.failure.Failures;
import io.dsm.connector.config.MqttSettings;
import io.dsm.mqtt.client.MqttClient;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.mqtt.client.MqttClients;
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
    String clientId = settings.clientId() + "-check";
    MqttClientOptions options =
        MqttOptions.builder(settings, clientId, true, 65535, timeout, Backoff.RECONNECT).build();
    String broker = settings.host() + ":" + settings.port();
    try (MqttClient client = MqttClients.create(options, null, null, null)) {
      client.connect().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      throw new MqttIntakeException(
          "cannot connect to MQTT broker "
              + broker
              + " as client id '"
              + clientId
              + "': "
              + MqttFailures.describe(cause),
          !MqttFailures.isRefusal(cause),
          cause);
    } catch (TimeoutException e) {
      throw new MqttIntakeException(
          "MQTT broker " + broker + " did not accept the connection within " + timeout, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MqttIntakeException("interrupted while connecting to " + broker, true, e);
    }
    return "MQTT broker "
        + broker
        + " accepted client id '"
        + clientId
        + "' (MQTT "
        + options.version()
        + (options.tls() ? ", TLS" : ", no TLS")
        + (settings.username() == null ? ", anonymous" : ", user '" + settings.username() + "'")
        + ")";
  }
}
