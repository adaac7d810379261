/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.danube;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.DanubeSettings;
import io.dsm.connector.config.TlsSettings;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.TlsConfig;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class DanubeFailuresTest {

  @Test
  void rejectedCredentialsNameTheTokenSettings() {
    DanubeException e =
        new DanubeException(
            "TopicPartitions for topic /a/b failed with UNAUTHENTICATED: Invalid token",
            DanubeStatus.UNAUTHENTICATED,
            false,
            null);

    assertThat(DanubeFailures.describe(e))
        .isEqualTo(
            "Danube rejected the credentials: TopicPartitions for topic /a/b failed with"
                + " UNAUTHENTICATED: Invalid token (check DANUBE_TOKEN or DANUBE_TOKEN_FILE: a"
                + " missing, expired or wrongly signed token)");
    assertThat(DanubeFailures.isRefusal(e)).isTrue();
  }

  @Test
  void aTlsCauseBelowABareUnavailableIsNamedOnOneLine() {
    SSLHandshakeException handshake = new SSLHandshakeException("PKIX path validation failed");
    handshake.initCause(new CertificateExpiredException("NotAfter: yesterday"));
    DanubeException e =
        new DanubeException(
            "CreateProducer failed with UNAVAILABLE: io exception\nChannel Pipeline: [...]",
            DanubeStatus.UNAVAILABLE,
            true,
            new RuntimeException("io exception", handshake));

    assertThat(DanubeFailures.describe(e))
        .isEqualTo(
            "TLS to Danube failed: the broker's certificate has expired (NotAfter: yesterday)");
    assertThat(DanubeFailures.isRefusal(e)).isTrue();
  }

  @Test
  void otherFailuresKeepTheClientMessageFirstLineAndAreRetriable() {
    DanubeException e =
        new DanubeException(
            "Lookup failed with UNAVAILABLE: io exception\nChannel Pipeline: [...]",
            DanubeStatus.UNAVAILABLE,
            true,
            new java.net.ConnectException("Connection refused"));

    assertThat(DanubeFailures.describe(e))
        .isEqualTo("Lookup failed with UNAVAILABLE: io exception");
    assertThat(DanubeFailures.isRefusal(e)).isFalse();
  }

  @Test
  void aMissingNamespaceSaysItMustBeCreatedAndIsARefusal() {
    DanubeException e =
        new DanubeException(
            "CreateProducer for topic /mqtt/a gave up after 3 attempt(s): retry budget PT1S"
                + " exhausted; last error: CreateProducer for topic /mqtt/a failed with"
                + " UNAVAILABLE: Unable to find the namespace mqtt, the topic can be created only"
                + " for an exisiting namespace",
            DanubeStatus.UNAVAILABLE,
            true,
            null);

    assertThat(DanubeFailures.describe(e))
        .startsWith(
            "the Danube namespace mqtt does not exist: Danube creates topics only in existing"
                + " namespaces, so create it with Danube's admin tool")
        .contains("Unable to find the namespace mqtt");
    assertThat(DanubeFailures.isRefusal(e)).isTrue();
  }

  @Test
  void settingsMapToTheClientConfigurationWithTokenAndMutualTls() {
    Path ca = Path.of("/etc/ca.pem");
    Path cert = Path.of("/etc/c.crt");
    Path key = Path.of("/etc/c.key");

    DanubeClientConfig cfg =
        DanubeConnection.clientConfig(
            new DanubeSettings(
                "https://danube:6650", new TlsSettings(true, ca, cert, key, false), "tok"));

    assertThat(cfg.serviceUrl()).isEqualTo("https://danube:6650");
    assertThat(cfg.tls()).isEqualTo(new TlsConfig(true, ca, cert, key));
    assertThat(cfg.token()).isEqualTo("tok");
    assertThat(DanubeConnection.clientConfig(new DanubeSettings("http://d:1", null, null)).tls())
        .isEqualTo(TlsConfig.DISABLED);
  }
}
