/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.mqtt.client.MqttConnectException;
import io.dsm.mqtt.client.MqttConnectException.Kind;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Exception chains shaped like the JDK's and Netty's, classified into one line each. */
class ConnectFailuresTest {

  @Test
  void anExpiredCertificateIsATlsRefusal() {
    SSLHandshakeException h = new SSLHandshakeException("PKIX path validation failed");
    h.initCause(
        new CertPathValidatorException(
            "validity check failed", new CertificateExpiredException("NotAfter: yesterday")));

    MqttConnectException e = ConnectFailures.of(h, true, false);

    assertThat(e.kind()).isEqualTo(Kind.TLS);
    assertThat(e.isRefusal()).isTrue();
    assertThat(e.getMessage()).startsWith("TLS: the broker's certificate has expired");
  }

  @Test
  void nativeTransportErrorsReadLikeTheJdksWithoutTheFailedCall() {
    MqttConnectException e =
        ConnectFailures.of(
            new ConnectException(
                "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:1883"),
            false,
            false);

    assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(e.getMessage())
        .isEqualTo("cannot reach the broker: Connection refused: /127.0.0.1:1883");
    assertThat(e.isRefusal()).isFalse();
  }

  @Test
  void anUnknownHostIsNamed() {
    MqttConnectException e =
        ConnectFailures.of(new UnknownHostException("no.such.host"), false, false);

    assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(e.getMessage()).isEqualTo("unknown host no.such.host");
  }

  @Test
  void aConnectionClosedDuringTheHandshakeIsATlsMismatch() {
    MqttConnectException e =
        ConnectFailures.of(new java.io.IOException("Connection reset by peer"), true, false);

    assertThat(e.kind()).isEqualTo(Kind.TLS);
    assertThat(e.getMessage())
        .contains("closed the connection during the TLS handshake")
        .contains("Connection reset by peer");
  }

  @Test
  void aTlsRecordAnsweringPlainMqttIsNamed() {
    MqttConnectException e =
        ConnectFailures.of(new NotMqttException("TLS record", true), false, false);

    assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(e.getMessage()).startsWith("the broker answered with TLS");
  }

  @Test
  void connackCodesAreWordedAndOnlyUnavailabilityIsRetriable() {
    MqttConnectException bad = ConnectFailures.refused(4, false, null);
    MqttConnectException busy = ConnectFailures.refused(0x89, true, "try later");

    assertThat(bad.getMessage())
        .isEqualTo("broker refused the connection: bad user name or password [CONNACK 4]");
    assertThat(bad.isRefusal()).isTrue();
    assertThat(busy.getMessage())
        .isEqualTo("broker refused the connection: server busy: try later [CONNACK 0x89]");
    assertThat(busy.isRefusal()).isFalse();
  }
}
