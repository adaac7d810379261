/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throw-away certificates for TLS tests, written as PEM files into a test's temporary directory: a
 * CA, a server certificate for {@code 127.0.0.1}/{@code localhost}, and optionally client
 * certificates. EC P-256 keys, because they are generated in milliseconds. Nothing is committed.
 */
final class TlsTestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** One issued identity: PEM certificate (chain) and PKCS#8 key files. */
  record Identity(Path certPem, Path keyPem) {}

  private final Path dir;
  private final String caName;
  private final KeyPair caKeys;
  private final X509Certificate caCert;
  private final Path caPem;

  private TlsTestPki(Path dir, String caName) throws Exception {
    this.dir = dir;
    this.caName = caName;
    this.caKeys = newKeyPair();
    X509v3CertificateBuilder builder = builder(caName, caName, caKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.caCert = sign(builder, caKeys.getPrivate());
    this.caPem = writePem(caName + "-ca.pem", caCert);
  }

  /** A new CA whose files go into {@code dir}; {@code name} keeps several CAs apart. */
  static TlsTestPki create(Path dir, String name) throws Exception {
    return new TlsTestPki(dir, name);
  }

  Path caPem() {
    return caPem;
  }

  /** A server certificate valid for 127.0.0.1 and localhost. */
  Identity server() throws Exception {
    GeneralNames sans =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            });
    return issue("server", sans);
  }

  /** A client certificate (CN {@code name}). */
  Identity client(String name) throws Exception {
    return issue(name, null);
  }

  private Identity issue(String name, GeneralNames sans) throws Exception {
    KeyPair keys = newKeyPair();
    X509v3CertificateBuilder builder = builder(caName, name, keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    if (sans != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, sans);
    }
    X509Certificate cert = sign(builder, caKeys.getPrivate());
    Path certPem = writePem(caName + "-" + name + ".pem", cert);
    Path keyPem = dir.resolve(caName + "-" + name + "-key.pem");
    try (Writer w = Files.newBufferedWriter(keyPem, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
    return new Identity(certPem, keyPem);
  }

  private static X509v3CertificateBuilder builder(
      String issuer, String subject, java.security.PublicKey key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        new X500Name("CN=" + issuer),
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        new X500Name("CN=" + subject),
        key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private Path writePem(String fileName, Object object) throws IOException {
    Path file = dir.resolve(fileName);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(object);
    }
    return file;
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }
}
