/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.common.Backoff;
import io.dsm.connector.config.MqttSettings;
import io.dsm.connector.config.RetainHandling;
import io.dsm.connector.config.TlsSettings;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.testsupport.TestPki;
import io.dsm.testsupport.TestPki.Issued;
import io.dsm.testsupport.TestPki.KeyFormat;
import io.dsm.testsupport.TestPki.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttOptionsTest {
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
    return MqttOptions.of(m, "c1", false, 64, Duration.ofSeconds(5), Backoff.RECONNECT);
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
    assertThat(options(new TlsSettings(true, caFile, null, null, false)).tls()).isTrue();
    assertThat(options(new TlsSettings(true, null, certFile, keyFile, false)).tls()).isTrue();
    assertThat(options(new TlsSettings(true, caFile, certFile, keyFile, false)).tls()).isTrue();
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtStart() {
    Path otherKey =
        ca.issue("other", Kind.CLIENT, List.of()).writeKey(dir, "other", KeyFormat.PKCS8);

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
    assertThatThrownBy(() -> options(new TlsSettings(true, null, certFile, null, false)))
        .hasMessageContaining("needs both MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE");
  }

  @Test
  void aCaFileWithoutCertificatesIsNamed() {
    Path notCa = TestPki.write(dir.resolve("not-ca.pem"), "hello\n");

    assertThatThrownBy(() -> options(new TlsSettings(true, notCa, null, null, false)))
        .hasMessageContaining("MQTT_TLS_CA_FILE " + notCa + " holds no PEM certificate");
  }
}
