/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on exception chains shaped like the JDK's and Netty's (the real ones, from a real
 * broker, are asserted in MqttSecurityInteropIT; these keep working where Mosquitto is missing).
 */
class MqttFailuresTest {

  private static Throwable handshake(String message, Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException(message);
    e.initCause(cause);
    return new CompletionException(new IllegalStateException("connection failed", e));
  }

  @Test
  void anExpiredCertificateDeepInTheChainIsNamed() {
    Throwable t =
        handshake(
            "PKIX path validation failed",
            new CertPathValidatorException(
                "validity check failed", new CertificateExpiredException("NotAfter: yesterday")));

    assertThat(MqttFailures.describe(t))
        .isEqualTo("TLS: the broker's certificate has expired (NotAfter: yesterday)");
    assertThat(MqttFailures.isRefusal(t)).isTrue();
  }

  @Test
  void theInnermostHostnameMessageIsQuoted() {
    Throwable t =
        handshake(
            "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching h found.",
            new java.security.cert.CertificateException(
                "No subject alternative DNS name matching h found."));

    assertThat(MqttFailures.describe(t))
        .startsWith(
            "TLS: hostname mismatch: the broker's certificate is not valid for the host connected"
                + " to (No subject alternative DNS name matching h found.;");
  }

  @Test
  void aTlsAlertFromTheBrokerIsNamedWithAHint() {
    Throwable t = handshake("Received fatal alert: bad_certificate", null);

    assertThat(MqttFailures.describe(t))
        .isEqualTo(
            "TLS: the broker rejected the handshake with alert 'bad_certificate': the broker does"
                + " not accept our client certificate (missing, or not signed by a CA it trusts)");
  }

  @Test
  void networkFailuresAreNotRefusalsAndStayOnOneLine() {
    Throwable refused = new CompletionException(new ConnectException("Connection refused\nsecond"));
    Throwable reset = new SocketException("Connection reset");

    assertThat(MqttFailures.describe(refused))
        .isEqualTo("cannot reach the broker: Connection refused second");
    assertThat(MqttFailures.isRefusal(refused)).isFalse();
    assertThat(MqttFailures.describe(reset)).startsWith("connection reset by the broker");
    assertThat(MqttFailures.isRefusal(reset)).isFalse();
    assertThat(MqttFailures.describe(null)).isEqualTo("connection closed");
  }

  @Test
  void nativeTransportErrorsReadLikeTheJdksWithoutTheFailedCall() {
    // What Netty's epoll transport reports for a refused connect (the JDK's NIO says only
    // "Connection refused: /127.0.0.1:1883").
    Throwable epoll =
        new CompletionException(
            new ConnectException(
                "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:1883"));

    assertThat(MqttFailures.describe(epoll))
        .isEqualTo("cannot reach the broker: Connection refused: /127.0.0.1:1883");
  }
}
