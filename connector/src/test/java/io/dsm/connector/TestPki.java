/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Throw-away certificate authorities and certificates made at test time with BouncyCastle (nothing
 * private is committed): CAs, server and client certificates with chosen validity and subject
 * alternative names, private keys written as PKCS#8, PKCS#1 RSA or SEC1 EC PEM.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private TestPki() {}

  /** How a private key is written to its PEM file. */
  public enum KeyFormat {
    /** {@code BEGIN PRIVATE KEY}. */
    PKCS8,
    /** {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}, as openssl's legacy form. */
    TRADITIONAL
  }

  /** A certificate with its key pair; {@code issuer} is null for a self-signed CA. */
  public record Issued(X509Certificate cert, KeyPair keys) {
    /** Writes the certificate as PEM to {@code dir/name.crt}. */
    public Path writeCert(Path dir, String name) {
      return write(dir.resolve(name + ".crt"), pem(cert));
    }

    /** Writes the private key to {@code dir/name.key} in {@code format}. */
    public Path writeKey(Path dir, String name, KeyFormat format) {
      String text;
      try {
        text =
            format == KeyFormat.PKCS8
                ? pem(
                    new PemObject(
                        "PRIVATE KEY",
                        PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).getEncoded()))
                : keys.getPrivate().getAlgorithm().equals("EC")
                    ? pem(sec1WithCurve(keys.getPrivate().getEncoded()))
                    : pem(new JcaMiscPEMGenerator(keys.getPrivate()).generate());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return write(dir.resolve(name + ".key"), text);
    }

    /** Issues a certificate signed by this one (which must be a CA). */
    public Issued issue(
        String cn, Kind kind, List<String> sans, Instant notBefore, Instant notAfter) {
      return TestPki.issue(this, cn, kind, sans, notBefore, notAfter, "RSA");
    }

    /** Issues a certificate valid from a minute ago for a day. */
    public Issued issue(String cn, Kind kind, List<String> sans) {
      Instant now = Instant.now();
      return issue(cn, kind, sans, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(1)));
    }

    /** Like {@link #issue(String, Kind, List)} but with an EC P-256 key. */
    public Issued issueEc(String cn, Kind kind, List<String> sans) {
      Instant now = Instant.now();
      return TestPki.issue(
          this,
          cn,
          kind,
          sans,
          now.minus(Duration.ofMinutes(1)),
          now.plus(Duration.ofDays(1)),
          "EC");
    }
  }

  /**
   * A SEC1 {@code EC PRIVATE KEY} naming its curve, as openssl writes it (the JDK's PKCS#8 encoding
   * keeps the curve only in the outer structure).
   */
  private static PemObject sec1WithCurve(byte[] pkcs8) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
    org.bouncycastle.asn1.sec.ECPrivateKey inner =
        org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    org.bouncycastle.asn1.sec.ECPrivateKey withCurve =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256,
            inner.getKey(),
            inner.getPublicKey(),
            info.getPrivateKeyAlgorithm().getParameters());
    return new PemObject("EC PRIVATE KEY", withCurve.getEncoded());
  }

  public enum Kind {
    SERVER,
    CLIENT
  }

  /** A self-signed CA valid for a day. */
  public static Issued ca(String cn) {
    Instant now = Instant.now();
    return issue(
        null,
        cn,
        null,
        List.of(),
        now.minus(Duration.ofMinutes(1)),
        now.plus(Duration.ofDays(1)),
        "RSA");
  }

  private static Issued issue(
      Issued issuer,
      String cn,
      Kind kind,
      List<String> sans,
      Instant notBefore,
      Instant notAfter,
      String keyAlgorithm) {
    try {
      KeyPair keys = keyPair(keyAlgorithm);
      X500Name subject = new X500Name("CN=" + cn);
      X500Name issuerName =
          issuer == null
              ? subject
              : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      if (issuer == null) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        b.addExtension(
            Extension.authorityKeyIdentifier,
            false,
            ext.createAuthorityKeyIdentifier(issuer.cert().getPublicKey()));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                kind == Kind.SERVER
                    ? KeyPurposeId.id_kp_serverAuth
                    : KeyPurposeId.id_kp_clientAuth));
        if (!sans.isEmpty()) {
          List<GeneralName> names = new ArrayList<>();
          for (String san : sans) {
            names.add(
                san.chars().allMatch(c -> Character.isDigit(c) || c == '.')
                    ? new GeneralName(GeneralName.iPAddress, san)
                    : new GeneralName(GeneralName.dNSName, san));
          }
          b.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(names.toArray(new GeneralName[0])));
        }
      }
      KeyPair signer = issuer == null ? keys : issuer.keys();
      String sigAlg =
          signer.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder(sigAlg).build(signer.getPrivate())));
      return new Issued(cert, keys);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make test certificate " + cn, e);
    }
  }

  private static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    } else {
      g.initialize(2048, new SecureRandom());
    }
    return g.generateKeyPair();
  }

  public static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
