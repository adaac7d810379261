/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import io.dsm.connector.config.TlsSettings;
import io.dsm.testsupport.TestPki;
import io.dsm.testsupport.TestPki.Issued;
import io.dsm.testsupport.TestPki.KeyFormat;
import io.dsm.testsupport.TestPki.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttTlsFactoryTest {
  @TempDir static Path dir;
  static Issued ca;
  static Issued client;
  static Path caFile;
  static Path certFile;
  static Path keyFile;

  @BeforeAll
  static void makeFiles() {
    ca = TestPki.ca("factory-ca");
    client = ca.issue("factory-client", Kind.CLIENT, List.of());
    caFile = ca.writeCert(dir, "ca");
    certFile = client.writeCert(dir, "client");
    keyFile = client.writeKey(dir, "client", KeyFormat.TRADITIONAL);
  }

  @Test
  void defaultsToTheJvmTrustStoreWithHostnameVerification() {
    MqttClientSslConfig ssl =
        MqttTlsFactory.sslConfig(new TlsSettings(true, null, null, null, false));

    assertThat(ssl.getTrustManagerFactory()).isEmpty();
    assertThat(ssl.getKeyManagerFactory()).isEmpty();
    assertThat(ssl.getHostnameVerifier()).isEmpty(); // the client's default: HTTPS identification
    assertThat(ssl.getProtocols()).contains(List.of("TLSv1.3", "TLSv1.2"));
  }

  @Test
  void eachPartWorksOnItsOwn() {
    assertThat(
            MqttTlsFactory.sslConfig(new TlsSettings(true, caFile, null, null, false))
                .getKeyManagerFactory())
        .isEmpty();
    MqttClientSslConfig clientOnly =
        MqttTlsFactory.sslConfig(new TlsSettings(true, null, certFile, keyFile, false));
    assertThat(clientOnly.getKeyManagerFactory()).isPresent();
    assertThat(clientOnly.getTrustManagerFactory()).isEmpty();
    assertThat(
            MqttTlsFactory.sslConfig(new TlsSettings(true, null, null, null, true))
                .getHostnameVerifier())
        .isPresent();
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtStart() {
    Path otherKey =
        ca.issue("other", Kind.CLIENT, List.of()).writeKey(dir, "other", KeyFormat.PKCS8);

    assertThatThrownBy(
            () -> MqttTlsFactory.sslConfig(new TlsSettings(true, null, certFile, otherKey, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MQTT_TLS_KEY_FILE "
                + otherKey
                + " is not the private key of the certificate in MQTT_TLS_CERT_FILE "
                + certFile);
  }

  @Test
  void aCertificateWithoutItsKeyIsRefused() {
    assertThatThrownBy(
            () -> MqttTlsFactory.sslConfig(new TlsSettings(true, null, certFile, null, false)))
        .hasMessageContaining("needs both MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE");
  }

  @Test
  void aCaFileWithoutCertificatesIsNamed() {
    Path notCa = TestPki.write(dir.resolve("not-ca.pem"), "hello\n");

    assertThatThrownBy(
            () -> MqttTlsFactory.sslConfig(new TlsSettings(true, notCa, null, null, false)))
        .hasMessageContaining("MQTT_TLS_CA_FILE " + notCa + " holds no PEM certificate");
  }
}
