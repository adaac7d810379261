/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.mqtt.client.MqttConnectException;
import io.dsm.mqtt.client.MqttConnectException.Kind;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The operator's line for each kind of MQTT connect failure, with the setting to fix (the real
 * failures, from real brokers, are asserted in MqttSecurityInteropIT; the client's classification
 * of raw exceptions in its ConnectFailuresTest).
 */
class MqttFailuresTest {

  private static Throwable tls(String message, Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException(message);
    e.initCause(cause);
    return new CompletionException(
        new MqttConnectException("TLS: handshake failed", Kind.TLS, -1, e));
  }

  @Test
  void anExpiredCertificateDeepInTheChainIsNamed() {
    Throwable t =
        tls(
            "PKIX path validation failed",
            new CertPathValidatorException(
                "validity check failed", new CertificateExpiredException("NotAfter: yesterday")));

    assertThat(MqttFailures.describe(t))
        .isEqualTo("TLS: the broker's certificate has expired (NotAfter: yesterday)");
    assertThat(MqttFailures.isRefusal(t)).isTrue();
  }

  @Test
  void theInnermostHostnameMessageIsQuotedWithTheHostSetting() {
    Throwable t =
        tls(
            "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching h found.",
            new java.security.cert.CertificateException(
                "No subject alternative DNS name matching h found."));

    assertThat(MqttFailures.describe(t))
        .isEqualTo(
            "TLS: hostname mismatch: the broker's certificate is not valid for the host connected"
                + " to (No subject alternative DNS name matching h found.; fix MQTT_BROKER_HOST or"
                + " the certificate's subject alternative names)");
  }

  @Test
  void aTlsAlertFromTheBrokerNamesTheClientCertificateSettings() {
    assertThat(MqttFailures.describe(tls("Received fatal alert: certificate_required", null)))
        .isEqualTo(
            "TLS: the broker rejected the handshake with alert 'certificate_required': a client"
                + " certificate is required (set MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE)");
  }

  @Test
  void aConnectionClosedDuringTheHandshakeNamesThePortMismatch() {
    MqttConnectException e =
        new MqttConnectException("TLS: closed during handshake", Kind.TLS, -1, null);

    assertThat(MqttFailures.describe(e))
        .isEqualTo(
            "TLS: the broker closed the connection during the TLS handshake (MQTT_USE_TLS does"
                + " not match the listener on MQTT_BROKER_PORT: TLS against a plain port or the"
                + " reverse?)");
  }

  @Test
  void aTlsAnswerToPlainMqttSaysToTurnTlsOn() {
    MqttConnectException e =
        new MqttConnectException(
            "the broker answered with TLS: this port is a TLS listener", Kind.PROTOCOL, -1, null);

    assertThat(MqttFailures.describe(e)).contains("set MQTT_USE_TLS=true");
    assertThat(MqttFailures.isRefusal(e)).isFalse();
  }

  @Test
  void connackRefusalsNameTheSettingAndKeepTheCode() {
    MqttConnectException v3 =
        new MqttConnectException(
            "broker refused the connection: not authorized [CONNACK 5]", Kind.REFUSED, 5, null);
    MqttConnectException v5 =
        new MqttConnectException(
            "broker refused the connection: bad user name or password [CONNACK 0x86]",
            Kind.REFUSED,
            0x86,
            null);
    MqttConnectException busy =
        new MqttConnectException(
            "broker refused the connection: server unavailable [CONNACK 3]", Kind.REFUSED, 3, null);

    assertThat(MqttFailures.describe(v3))
        .isEqualTo(
            "broker refused the connection: not authorized (wrong or missing"
                + " MQTT_USERNAME/MQTT_PASSWORD, or the broker does not let this client connect)"
                + " [CONNACK 5]");
    assertThat(MqttFailures.describe(v5))
        .isEqualTo(
            "broker refused the connection: bad user name or password (check MQTT_USERNAME and"
                + " MQTT_PASSWORD) [CONNACK 0x86]");
    assertThat(MqttFailures.isRefusal(v3)).isTrue();
    assertThat(MqttFailures.isRefusal(busy)).as("server unavailable may pass").isFalse();
  }

  @Test
  void networkFailuresPassThroughAndAreNotRefusals() {
    MqttConnectException e =
        new MqttConnectException(
            "cannot reach the broker: Connection refused: /127.0.0.1:1883",
            Kind.UNREACHABLE,
            -1,
            null);

    assertThat(MqttFailures.describe(new CompletionException(e)))
        .isEqualTo("cannot reach the broker: Connection refused: /127.0.0.1:1883");
    assertThat(MqttFailures.isRefusal(e)).isFalse();
    assertThat(MqttFailures.describe(null)).isEqualTo("connection closed");
  }
}
