/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client context from PEM files: the JVM's trust store unless a CA file is given, a client
 * certificate (mutual TLS) when a certificate and key are given. Every file is read and checked
 * here, once, so that a file that is present but unusable (no certificate, an encrypted key, a key
 * that is not the certificate's) is a configuration error before any connection is opened.
 */
public final class ClientTls {
  /** TLS 1.3 and 1.2 only. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private ClientTls() {}

  /**
   * The context, plus what it trusts and presents in words, plus warnings (e.g. an expired client
   * certificate).
   *
   * @param context the initialised TLS context
   * @param trustManagers the CA file's trust managers, or {@code null} for the JVM's
   * @param keyManagers the client certificate's key managers, or {@code null} for none
   * @param trusts what the context trusts, e.g. "the CA file /etc/ca.pem"
   * @param presents the client certificate's subject and expiry, or "no client certificate"
   * @param warnings problems that do not stop a connection attempt
   */
  public record Loaded(
      SSLContext context,
      TrustManagerFactory trustManagers,
      KeyManagerFactory keyManagers,
      String trusts,
      String presents,
      List<String> warnings) {}

  /**
   * Reads and checks the files and builds the context.
   *
   * @throws IllegalArgumentException naming the setting whose file is missing, unreadable or does
   *     not hold what it should
   */
  public static Loaded load(ClientTlsFiles files) {
    List<String> warnings = new ArrayList<>();
    TrustManagerFactory tmf = null;
    String trusts = "the JVM's default trust store";
    if (files.caFile() != null) {
      tmf = trustManagerFor(files);
      trusts = "the CA file " + files.caFile();
    }
    KeyManagerFactory kmf = null;
    String presents = "no client certificate";
    if (files.certFile() != null && files.keyFile() != null) {
      List<X509Certificate> chain = PemFiles.certificates(files.certFile(), files.certSetting());
      PrivateKey key = PemFiles.privateKey(files.keyFile(), files.keySetting());
      requireMatching(chain.get(0), key, files);
      kmf = keyManagerFor(chain, key, files);
      X509Certificate leaf = chain.get(0);
      presents =
          "client certificate '"
              + leaf.getSubjectX500Principal().getName()
              + "' (valid until "
              + leaf.getNotAfter().toInstant()
              + ")";
      validityWarning(leaf, files).ifPresent(warnings::add);
    } else if (files.certFile() != null || files.keyFile() != null) {
      throw new IllegalArgumentException(
          "mutual TLS needs both "
              + files.certSetting()
              + " and "
              + files.keySetting()
              + ", but only "
              + (files.certFile() != null ? files.certSetting() : files.keySetting())
              + " is set");
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return new Loaded(context, tmf, kmf, trusts, presents, List.copyOf(warnings));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static TrustManagerFactory trustManagerFor(ClientTlsFiles files) {
    List<X509Certificate> cas = PemFiles.certificates(files.caFile(), files.caSetting());
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          files.caSetting()
              + " "
              + files.caFile()
              + " cannot be used as a trust store: "
              + e.getMessage(),
          e);
    }
  }

  private static KeyManagerFactory keyManagerFor(
      List<X509Certificate> chain, PrivateKey key, ClientTlsFiles files) {
    try {
      // An in-memory store only; its password protects nothing and never leaves this method.
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      char[] password = Base64.getEncoder().encodeToString(random).toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      return kmf;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "the client certificate and key ("
              + files.certSetting()
              + ", "
              + files.keySetting()
              + ") cannot be used: "
              + e.getMessage(),
          e);
    }
  }

  /** Fails now rather than with an obscure handshake error when the key is not the cert's. */
  private static void requireMatching(X509Certificate cert, PrivateKey key, ClientTlsFiles files) {
    String algorithm =
        switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "ED25519", "ED448", "EDDSA" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      return;
    }
    boolean matches;
    try {
      byte[] probe = "dsm-key-check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false; // e.g. an RSA key with an EC certificate
    }
    if (!matches) {
      throw new IllegalArgumentException(
          files.keySetting()
              + " "
              + files.keyFile()
              + " is not the private key of the certificate in "
              + files.certSetting()
              + " "
              + files.certFile());
    }
  }

  private static java.util.Optional<String> validityWarning(
      X509Certificate cert, ClientTlsFiles files) {
    Instant now = Instant.now();
    if (now.isAfter(cert.getNotAfter().toInstant())) {
      return java.util.Optional.of(
          "The client certificate in "
              + files.certSetting()
              + " "
              + files.certFile()
              + " expired at "
              + cert.getNotAfter().toInstant()
              + "; the peer will likely refuse it");
    }
    if (now.isBefore(cert.getNotBefore().toInstant())) {
      return java.util.Optional.of(
          "The client certificate in "
              + files.certSetting()
              + " "
              + files.certFile()
              + " is not valid before "
              + cert.getNotBefore().toInstant());
    }
    return java.util.Optional.empty();
  }
}
