/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.common.Backoff;
import io.dsm.connector.config.MqttSettings;
import io.dsm.connector.config.RetainHandling;
import io.dsm.connector.config.TlsSettings;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.testsupport.PkiFiles;
import io.dsm.testsupport.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttOptionsTest {
  @TempDir static Path dir;
  static PkiFiles pki;

  @BeforeAll
  static void makeFiles() {
    pki = PkiFiles.write(dir);
  }

  private static MqttClientOptions options(TlsSettings tls) {
    MqttSettings m =
        new MqttSettings(
            "broker.example",
            8883,
            "c1",
            null,
            null,
            tls,
            30,
            false,
            true,
            1000,
            5,
            MqttSettings.defaultSessionExpiry(false),
            RetainHandling.SEND,
            null,
            false,
            null);
    return MqttOptions.builder(m, "c1", false, 64, Duration.ofSeconds(5), Backoff.RECONNECT)
        .build();
  }

  @Test
  void settingsBecomeClientOptions() {
    MqttClientOptions o = options(TlsSettings.DISABLED);

    assertThat(o.tls()).isFalse();
    assertThat(o.maxPacketBytes()).isEqualTo(1000);
    assertThat(o.receiveMaximum()).isEqualTo(64);
    assertThat(o.sessionExpirySecs()).isEqualTo(MqttClientOptions.NEVER_EXPIRES);
    assertThat(o.keepAliveSecs()).isEqualTo(30);
  }

  @Test
  void tlsTrustsTheJvmStoreAndVerifiesHostnamesByDefault() {
    MqttClientOptions o = options(new TlsSettings(true, null, null, null, false));

    assertThat(o.tls()).isTrue();
    assertThat(o.verifyHostname()).isTrue();
    assertThat(options(new TlsSettings(true, null, null, null, true)).verifyHostname()).isFalse();
  }

  @Test
  void eachPartWorksOnItsOwn() {
    Path caFile = pki.caCert();
    Path certFile = pki.rsaClientCert();
    Path keyFile = pki.rsaClientKeyPkcs1();
    assertThat(options(new TlsSettings(true, caFile, null, null, false)).tls()).isTrue();
    assertThat(options(new TlsSettings(true, null, certFile, keyFile, false)).tls()).isTrue();
    assertThat(options(new TlsSettings(true, caFile, certFile, keyFile, false)).tls()).isTrue();
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtStart() {
    Path certFile = pki.rsaClientCert();
    Path otherKey = pki.ecClientKey();

    assertThatThrownBy(() -> options(new TlsSettings(true, null, certFile, otherKey, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MQTT_TLS_KEY_FILE "
                + otherKey
                + " is not the private key of the certificate in MQTT_TLS_CERT_FILE "
                + certFile);
  }

  @Test
  void aCertificateWithoutItsKeyIsRefused() {
    assertThatThrownBy(() -> options(new TlsSettings(true, null, pki.rsaClientCert(), null, false)))
        .hasMessageContaining("needs both MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE");
  }

  @Test
  void aCaFileWithoutCertificatesIsNamed() {
    Path notCa = TestPki.write(dir.resolve("not-ca.pem"), "hello\n");

    assertThatThrownBy(() -> options(new TlsSettings(true, notCa, null, null, false)))
        .hasMessageContaining("MQTT_TLS_CA_FILE " + notCa + " holds no PEM certificate");
  }
}
