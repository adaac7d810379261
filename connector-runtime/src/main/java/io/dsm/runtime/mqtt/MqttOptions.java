/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.mqtt;

import io.dsm.common.Backoff;
import io.dsm.common.tls.ClientTls;
import io.dsm.common.tls.ClientTlsFiles;
import io.dsm.connector.config.MqttSettings;
import io.dsm.connector.config.TlsSettings;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.mqtt.client.MqttVersion;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where the connector's MQTT settings become MQTT client options. */
public final class MqttOptions {
  private static final Logger LOG = LoggerFactory.getLogger(MqttOptions.class);

  private MqttOptions() {}

  /**
   * Client options for {@code settings}, as a builder for a caller that sets more (the sink's
   * publish window); most callers just {@code build()} it. TLS files are read and checked here,
   * before any connection.
   *
   * @param clientId the client identifier to use (the settings' own, or a variant for probes)
   * @param cleanStart whether to start a clean session
   * @param receiveMaximum the MQTT 5 Receive Maximum to announce
   * @throws IllegalArgumentException naming the TLS setting whose file cannot be used
   */
  public static MqttClientOptions.Builder builder(
      MqttSettings settings,
      String clientId,
      boolean cleanStart,
      int receiveMaximum,
      Duration connectTimeout,
      Backoff reconnect) {
    MqttClientOptions.Builder b =
        MqttClientOptions.builder(settings.host(), settings.port(), clientId)
            .version(MqttVersion.of(settings.protocolVersion()))
            .keepAliveSecs(settings.keepAliveSecs())
            .cleanStart(cleanStart)
            .sessionExpirySecs(
                clientId.equals(settings.clientId()) ? settings.sessionExpirySecs() : 0)
            .receiveMaximum(Math.max(1, Math.min(65535, receiveMaximum)))
            .maxPacketBytes(settings.maxPacketSize())
            .connectTimeout(connectTimeout)
            .reconnectBackoff(reconnect);
    if (settings.username() != null || settings.password() != null) {
      if (settings.username() == null) {
        throw new IllegalArgumentException(
            "MQTT_PASSWORD is set but MQTT_USERNAME is not; a password is sent only with a user"
                + " name");
      }
      b.credentials(settings.username(), settings.password());
    }
    TlsSettings tls = settings.tls();
    if (tls != null && tls.enabled()) {
      ClientTls.Loaded loaded =
          ClientTls.load(
              new ClientTlsFiles(
                  tls.caFile(),
                  tls.certFile(),
                  tls.keyFile(),
                  "MQTT_TLS_CA_FILE",
                  "MQTT_TLS_CERT_FILE",
                  "MQTT_TLS_KEY_FILE"));
      loaded.warnings().forEach(w -> LOG.warn("{}", w));
      if (tls.insecureSkipVerify()) {
        LOG.warn(
            "MQTT TLS hostname verification is DISABLED (MQTT_TLS_INSECURE_SKIP_VERIFY=true): any"
                + " server holding a certificate from a trusted CA can impersonate the broker; use"
                + " this for testing only");
      }
      LOG.info(
          "MQTT TLS ({}): trusting {}; {}; hostname verification {}",
          String.join("/", ClientTls.PROTOCOLS),
          loaded.trusts(),
          loaded.presents(),
          tls.insecureSkipVerify() ? "off" : "on");
      b.tls(loaded.context(), !tls.insecureSkipVerify());
    }
    return b;
  }
}
