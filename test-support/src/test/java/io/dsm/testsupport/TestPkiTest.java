/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.testsupport.TestPki.Issued;
import io.dsm.testsupport.TestPki.KeyFormat;
import io.dsm.testsupport.TestPki.KeyType;
import io.dsm.testsupport.TestPki.Kind;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generated certificates chain, carry their names, and their keys read back in every form. */
class TestPkiTest {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  @TempDir static Path dir;
  static PkiFiles files;

  @BeforeAll
  static void write() {
    files = PkiFiles.write(dir);
  }

  private static X509Certificate cert(Path file) throws Exception {
    try (var in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static Object parse(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser p = new PEMParser(r)) {
      return p.readObject();
    }
  }

  private static PrivateKey key(Path file) throws Exception {
    Object o = parse(file);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    return o instanceof PEMKeyPair pair
        ? converter.getKeyPair(pair).getPrivate()
        : converter.getPrivateKey((PrivateKeyInfo) o);
  }

  /** What identifies a private key, whatever optional fields its encoding carries. */
  private static Object essence(PrivateKey key) {
    if (key instanceof java.security.interfaces.ECPrivateKey ec) {
      return ec.getS();
    }
    java.security.interfaces.RSAPrivateKey rsa = (java.security.interfaces.RSAPrivateKey) key;
    return List.of(rsa.getModulus(), rsa.getPrivateExponent());
  }

  @Test
  void theServerCertificateNamesThisMachineAndChainsToTheCa() throws Exception {
    X509Certificate ca = cert(files.caCert());
    X509Certificate server = cert(files.serverCert());

    server.verify(ca.getPublicKey());
    server.checkValidity();
    assertThat(server.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)))
        .containsExactlyInAnyOrder("127.0.0.1", "localhost");
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
    assertThat(ca.getBasicConstraints()).isNotNegative();
  }

  @Test
  void theExpiredCertificateHasExpiredAndTheStrangerBelongsToTheOtherCa() throws Exception {
    assertThatThrownBy(() -> cert(files.expiredServerCert()).checkValidity())
        .isInstanceOf(CertificateExpiredException.class);
    X509Certificate stranger = cert(files.strangerClientCert());
    stranger.verify(cert(files.otherCaCert()).getPublicKey());
    assertThatThrownBy(() -> stranger.verify(cert(files.caCert()).getPublicKey()))
        .isInstanceOf(java.security.GeneralSecurityException.class);
  }

  @Test
  void eachKeyFileHoldsTheKeyOfItsCertificateInItsForm() throws Exception {
    assertThat(Files.readString(files.ecClientKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(files.ecClientKeySec1()))
        .startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(Files.readString(files.rsaClientKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(files.rsaClientKeyPkcs1()))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");

    assertThat(essence(key(files.ecClientKeySec1()))).isEqualTo(essence(key(files.ecClientKey())));
    assertThat(essence(key(files.rsaClientKeyPkcs1())))
        .isEqualTo(essence(key(files.rsaClientKey())));
    assertThat(key(files.rsaClientKey()).getAlgorithm()).isEqualTo("RSA");
    assertThat(cert(files.rsaClientCert()).getPublicKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void theEncryptedKeyOpensWithItsPasswordOnly() throws Exception {
    assertThat(Files.readString(files.encryptedClientKey()))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    PKCS8EncryptedPrivateKeyInfo encrypted =
        (PKCS8EncryptedPrivateKeyInfo) parse(files.encryptedClientKey());

    PrivateKeyInfo opened =
        encrypted.decryptPrivateKeyInfo(
            new JceOpenSSLPKCS8DecryptorProviderBuilder()
                .setProvider(BC)
                .build(PkiFiles.KEY_PASSWORD.toCharArray()));

    assertThat(essence(new JcaPEMKeyConverter().getPrivateKey(opened)))
        .isEqualTo(essence(key(files.ecClientKey())));
    assertThatThrownBy(
            () ->
                encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BC)
                        .build("wrong".toCharArray())))
        .isNotNull();
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void traditionalKeysCanBeEncryptedAsOpensslDoes(KeyType type) throws Exception {
    Issued ca = TestPki.ca("enc-ca", KeyType.EC);
    Issued client = ca.issue("enc-client", Kind.CLIENT, List.of(), type);

    Path file = client.writeEncryptedKey(dir, "enc-" + type, KeyFormat.TRADITIONAL, "pw");

    assertThat(Files.readString(file)).contains("Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-256-CBC,");
    PEMKeyPair opened =
        ((PEMEncryptedKeyPair) parse(file))
            .decryptKeyPair(
                new JcePEMDecryptorProviderBuilder().setProvider(BC).build("pw".toCharArray()));
    assertThat(essence(new JcaPEMKeyConverter().getKeyPair(opened).getPrivate()))
        .isEqualTo(essence(client.keys().getPrivate()));
  }

  @Test
  void anIdentityIsTheCertificateAndItsPkcs8Key() throws Exception {
    Issued client = TestPki.ca("id-ca", KeyType.EC).issueEc("id", Kind.CLIENT, List.of());

    TestPki.Identity id = client.writeIdentity(dir, "id");

    assertThat(cert(id.certPem())).isEqualTo(client.cert());
    assertThat(essence(key(id.keyPem()))).isEqualTo(essence(client.keys().getPrivate()));
  }
}
