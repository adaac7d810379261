/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.common.tls.PemFiles;
import io.dsm.testsupport.TestPki;
import io.dsm.testsupport.TestPki.Issued;
import io.dsm.testsupport.TestPki.KeyFormat;
import io.dsm.testsupport.TestPki.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemFilesTest {
  @TempDir static Path dir;
  static Issued ca;
  static Issued rsa;
  static Issued ec;

  @BeforeAll
  static void makeKeys() {
    ca = TestPki.ca("pem-test-ca");
    rsa = ca.issue("rsa-client", Kind.CLIENT, List.of());
    ec = ca.issueEc("ec-client", Kind.CLIENT, List.of());
  }

  /** RSA keys as PKCS#8 and PKCS#1, EC keys as PKCS#8 and SEC1. */
  @ParameterizedTest(name = "{0} key as {1}")
  @CsvSource({"RSA, PKCS8", "RSA, TRADITIONAL", "EC, PKCS8", "EC, TRADITIONAL"})
  void readsKeysInEachFormat(String algorithm, KeyFormat format) throws Exception {
    Issued issued = algorithm.equals("RSA") ? rsa : ec;
    Path file = issued.writeKey(dir, algorithm + "-" + format, format);
    assertThat(Files.readString(file))
        .contains(
            format == KeyFormat.PKCS8
                ? "BEGIN PRIVATE KEY"
                : "BEGIN " + algorithm + " PRIVATE KEY");

    PrivateKey key = PemFiles.privateKey(file, "MQTT_TLS_KEY_FILE");

    if (algorithm.equals("RSA")) {
      assertThat(key.getEncoded()).isEqualTo(rsa.keys().getPrivate().getEncoded());
    } else {
      assertThat(key.getAlgorithm()).isEqualTo("EC");
      assertThat(((java.security.interfaces.ECPrivateKey) key).getS())
          .isEqualTo(((java.security.interfaces.ECPrivateKey) ec.keys().getPrivate()).getS());
    }
  }

  @Test
  void readsTheKeyNextToCertificatesAndEcParameters() throws Exception {
    String sec1 = Files.readString(ec.writeKey(dir, "ec-mixed", KeyFormat.TRADITIONAL));
    // What `openssl ecparam -genkey` writes: a parameters block before the key.
    String params =
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
    Path file = TestPki.write(dir.resolve("bundle.pem"), TestPki.pem(ec.cert()) + params + sec1);

    assertThat(PemFiles.privateKey(file, "MQTT_TLS_KEY_FILE").getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void readsAChainInFileOrder() {
    Path file =
        TestPki.write(dir.resolve("chain.pem"), TestPki.pem(rsa.cert()) + TestPki.pem(ca.cert()));

    assertThat(PemFiles.certificates(file, "MQTT_TLS_CERT_FILE"))
        .containsExactly(rsa.cert(), ca.cert());
  }

  @Test
  void refusesEncryptedKeysNamingTheSettingAndTheFix() {
    Path file =
        TestPki.write(
            dir.resolve("enc.key"),
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PemFiles.privateKey(file, "MQTT_TLS_KEY_FILE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MQTT_TLS_KEY_FILE " + file)
        .hasMessageContaining("encrypted private key")
        .hasMessageContaining("openssl pkey");
  }

  @Test
  void aFileWithoutKeyOrCertificateIsNamed() {
    Path file = TestPki.write(dir.resolve("empty.pem"), "not pem at all\n");

    assertThatThrownBy(() -> PemFiles.privateKey(file, "MQTT_TLS_KEY_FILE"))
        .hasMessageContaining("MQTT_TLS_KEY_FILE " + file + " holds no PEM private key");
    assertThatThrownBy(() -> PemFiles.certificates(file, "MQTT_TLS_CA_FILE"))
        .hasMessageContaining("MQTT_TLS_CA_FILE " + file + " holds no PEM certificate");
  }

  @Test
  void aCorruptKeyDoesNotEchoItsContent() {
    Path file =
        TestPki.write(
            dir.resolve("corrupt.key"),
            "-----BEGIN PRIVATE KEY-----\nAAAAc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PemFiles.privateKey(file, "MQTT_TLS_KEY_FILE"))
        .hasMessageContaining("MQTT_TLS_KEY_FILE " + file)
        .hasMessageNotContaining("AAAAc2Vj");
  }
}
