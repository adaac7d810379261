/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptor;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Throw-away certificate authorities and certificates made at test time with BouncyCastle (nothing
 * private is committed): CAs, server and client certificates with chosen key type, validity and
 * subject alternative names, and their private keys in every PEM form users have: PKCS#8, the
 * traditional PKCS#1 (RSA) and SEC1 (EC) forms, and encrypted. {@link PkiFiles} writes a ready-made
 * set of files.
 */
public final class TestPki {
  /** The names a server certificate for a broker on this machine carries. */
  public static final List<String> LOCALHOST = List.of("127.0.0.1", "localhost");

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private TestPki() {}

  public enum KeyType {
    /** RSA 2048: slower to make, what most brokers are configured with. */
    RSA,
    /** EC P-256: made in milliseconds. */
    EC
  }

  /** How a private key is written to its PEM file. */
  public enum KeyFormat {
    /** {@code BEGIN PRIVATE KEY}. */
    PKCS8,
    /** {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}, openssl's legacy forms. */
    TRADITIONAL
  }

  public enum Kind {
    SERVER,
    CLIENT
  }

  /** A certificate file and its PKCS#8 key file. */
  public record Identity(Path certPem, Path keyPem) {}

  /** A certificate with its key pair. */
  public record Issued(X509Certificate cert, KeyPair keys) {
    /** Writes the certificate as PEM to {@code dir/name.crt}. */
    public Path writeCert(Path dir, String name) {
      return write(dir.resolve(name + ".crt"), pem(cert));
    }

    /** Writes the private key to {@code dir/name.key} in {@code format}. */
    public Path writeKey(Path dir, String name, KeyFormat format) {
      PemObject key = format == KeyFormat.PKCS8 ? pkcs8() : traditional();
      return write(dir.resolve(name + ".key"), pem(key));
    }

    /** Writes the certificate and its PKCS#8 key ({@code name.crt}, {@code name.key}). */
    public Identity writeIdentity(Path dir, String name) {
      return new Identity(writeCert(dir, name), writeKey(dir, name, KeyFormat.PKCS8));
    }

    /**
     * Writes the private key encrypted with {@code password} to {@code dir/name.key}: PKCS#8 as
     * {@code BEGIN ENCRYPTED PRIVATE KEY} (AES-256, as {@code openssl pkcs8 -topk8} writes it), or
     * traditional with {@code Proc-Type: 4,ENCRYPTED} headers (as {@code openssl rsa -aes256}).
     */
    public Path writeEncryptedKey(Path dir, String name, KeyFormat format, String password) {
      try {
        PemObject key =
            format == KeyFormat.PKCS8
                ? new JcaPKCS8Generator(
                        keys.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setProvider(BC)
                            .setPassword(password.toCharArray())
                            .build())
                    .generate()
                : encrypted(traditional(), password);
        return write(dir.resolve(name + ".key"), pem(key));
      } catch (IOException | OperatorCreationException e) {
        throw new IllegalStateException("cannot encrypt the key of " + name, e);
      }
    }

    /** Issues an RSA certificate signed by this one (which must be a CA). */
    public Issued issue(
        String cn, Kind kind, List<String> sans, Instant notBefore, Instant notAfter) {
      return TestPki.issue(this, cn, kind, sans, notBefore, notAfter, KeyType.RSA);
    }

    /** Issues an RSA certificate valid from a minute ago for a day. */
    public Issued issue(String cn, Kind kind, List<String> sans) {
      return issue(cn, kind, sans, KeyType.RSA);
    }

    /** Like {@link #issue(String, Kind, List)} but with an EC P-256 key. */
    public Issued issueEc(String cn, Kind kind, List<String> sans) {
      return issue(cn, kind, sans, KeyType.EC);
    }

    /** Issues a certificate with a {@code type} key, valid from a minute ago for a day. */
    public Issued issue(String cn, Kind kind, List<String> sans, KeyType type) {
      Instant now = Instant.now();
      return TestPki.issue(
          this,
          cn,
          kind,
          sans,
          now.minus(Duration.ofMinutes(1)),
          now.plus(Duration.ofDays(1)),
          type);
    }

    /** Issues a certificate that expired yesterday (valid for two days before that). */
    public Issued issueExpired(String cn, Kind kind, List<String> sans, KeyType type) {
      Instant now = Instant.now();
      return TestPki.issue(
          this, cn, kind, sans, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)), type);
    }

    private PemObject pkcs8() {
      try {
        return new PemObject(
            "PRIVATE KEY", PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).getEncoded());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private PemObject traditional() {
      try {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        if (keys.getPrivate().getAlgorithm().equals("EC")) {
          // SEC1 with its curve and public key, as openssl writes it; the JDK's PKCS#8 encoding
          // keeps the curve only in the outer structure and leaves the public key out.
          ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
          ECPrivateKey withCurve =
              new ECPrivateKey(
                  256,
                  inner.getKey(),
                  SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                      .getPublicKeyData(),
                  info.getPrivateKeyAlgorithm().getParameters());
          return new PemObject("EC PRIVATE KEY", withCurve.getEncoded());
        }
        return new PemObject(
            "RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** OpenSSL's legacy PEM encryption of a traditional key. */
  private static PemObject encrypted(PemObject plain, String password) throws IOException {
    PEMEncryptor encryptor =
        new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(password.toCharArray());
    byte[] cipherText = encryptor.encrypt(plain.getContent());
    String iv = HexFormat.of().formatHex(encryptor.getIV()).toUpperCase(Locale.ROOT);
    return new PemObject(
        plain.getType(),
        List.of(
            new PemHeader("Proc-Type", "4,ENCRYPTED"),
            new PemHeader("DEK-Info", encryptor.getAlgorithm() + "," + iv)),
        cipherText);
  }

  /** A self-signed RSA CA valid for a day. */
  public static Issued ca(String cn) {
    return ca(cn, KeyType.RSA);
  }

  /** A self-signed CA with a {@code type} key, valid for a day. */
  public static Issued ca(String cn, KeyType type) {
    Instant now = Instant.now();
    return issue(
        null,
        cn,
        null,
        List.of(),
        now.minus(Duration.ofMinutes(1)),
        now.plus(Duration.ofDays(1)),
        type);
  }

  private static Issued issue(
      Issued issuer,
      String cn,
      Kind kind,
      List<String> sans,
      Instant notBefore,
      Instant notAfter,
      KeyType type) {
    try {
      KeyPair keys = keyPair(type);
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
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make test certificate " + cn, e);
    }
  }

  private static KeyPair keyPair(KeyType type) throws GeneralSecurityException {
    if (type == KeyType.EC) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return g.generateKeyPair();
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048, new SecureRandom());
    return g.generateKeyPair();
  }

  /** The PEM text of a certificate, key or {@link PemObject}. */
  public static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes {@code text} (PEM is ASCII) to {@code file} and returns the file. */
  public static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
