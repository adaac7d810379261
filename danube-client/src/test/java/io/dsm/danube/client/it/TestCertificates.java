/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA with a server certificate for 127.0.0.1 and client certificates, written as PEM
 * files. The CA and server use EC P-256 (fast to generate); the client keys are written in the
 * legacy forms openssl produces by default (PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY").
 */
final class TestCertificates {
  final Path caCert;
  final Path serverCert;
  final Path serverKey;
  final Path rsaClientCert;
  final Path rsaClientKeyPkcs1;
  final Path ecClientCert;
  final Path ecClientKeySec1;
  final Path otherCaCert;

  TestCertificates(Path dir) throws Exception {
    KeyPair ca = generate("EC", 256);
    X509Certificate caCertificate =
        sign("CN=danube-test-ca", ca, "CN=danube-test-ca", ca.getPrivate(), true, false);
    KeyPair server = generate("EC", 256);
    X509Certificate serverCertificate =
        sign("CN=127.0.0.1", server, "CN=danube-test-ca", ca.getPrivate(), false, true);
    KeyPair rsaClient = generate("RSA", 2048);
    X509Certificate rsaClientCertificate =
        sign("CN=rsa-client", rsaClient, "CN=danube-test-ca", ca.getPrivate(), false, false);
    KeyPair ecClient = generate("EC", 256);
    X509Certificate ecClientCertificate =
        sign("CN=ec-client", ecClient, "CN=danube-test-ca", ca.getPrivate(), false, false);
    KeyPair other = generate("EC", 256);
    X509Certificate otherCa =
        sign("CN=other-ca", other, "CN=other-ca", other.getPrivate(), true, false);

    caCert = write(dir.resolve("ca.pem"), caCertificate);
    serverCert = write(dir.resolve("server.pem"), serverCertificate);
    serverKey = writePkcs8(dir.resolve("server.key"), server.getPrivate());
    rsaClientCert = write(dir.resolve("rsa-client.pem"), rsaClientCertificate);
    rsaClientKeyPkcs1 = write(dir.resolve("rsa-client.key"), rsaClient); // JcaPEMWriter: PKCS#1
    ecClientCert = write(dir.resolve("ec-client.pem"), ecClientCertificate);
    ecClientKeySec1 = writeSec1(dir.resolve("ec-client.key"), ecClient);
    otherCaCert = write(dir.resolve("other-ca.pem"), otherCa);
  }

  private static KeyPair generate(String algorithm, int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    g.initialize(bits);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(
      String subject,
      KeyPair subjectKeys,
      String issuer,
      PrivateKey issuerKey,
      boolean ca,
      boolean server)
      throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(now.toEpochMilli())
                .add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
            Date.from(now.minus(1, ChronoUnit.HOURS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            new X500Name(subject),
            subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (server) {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    String alg = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
  }

  private static Path write(Path file, Object pemObject) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(pemObject);
    }
    Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
    return file;
  }

  /** SEC1 with the named-curve parameters, as {@code openssl ecparam -genkey} writes it. */
  private static Path writeSec1(Path file, KeyPair ec) throws IOException {
    java.security.interfaces.ECPrivateKey priv =
        (java.security.interfaces.ECPrivateKey) ec.getPrivate();
    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256,
            priv.getS(),
            spki.getPublicKeyData(),
            org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(
          new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
    return file;
  }

  private static Path writePkcs8(Path file, PrivateKey key) throws IOException {
    String b64 =
        java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      w.write("-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
    }
    return file;
  }
}
