/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.dsm.connector.config.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HiveMQ client's TLS configuration from {@link TlsSettings}: TLS 1.3 or 1.2 only; the
 * JVM's trust store unless a CA file is given; a client certificate (mutual TLS) when a certificate
 * and key file are given; hostname verification unless explicitly skipped. Each part works on its
 * own. Files are read once, at start; a bad file fails the start with the setting's name.
 */
final class MqttTlsFactory {
  private static final Logger LOG = LoggerFactory.getLogger(MqttTlsFactory.class);

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private MqttTlsFactory() {}

  /**
   * @throws IllegalArgumentException naming the setting whose file is missing, unreadable or does
   *     not hold what it should
   */
  static MqttClientSslConfig sslConfig(TlsSettings tls) {
    MqttClientSslConfigBuilder ssl = MqttClientSslConfig.builder().protocols(PROTOCOLS);
    String trust = "the JVM's default trust store";
    if (tls.caFile() != null) {
      ssl = ssl.trustManagerFactory(trustManagerFor(tls));
      trust = "the CA file " + tls.caFile();
    }
    String client = "none";
    if (tls.certFile() != null && tls.keyFile() != null) {
      List<X509Certificate> chain = PemFiles.certificates(tls.certFile(), "MQTT_TLS_CERT_FILE");
      PrivateKey key = PemFiles.privateKey(tls.keyFile(), "MQTT_TLS_KEY_FILE");
      requireMatching(chain.get(0), key, tls);
      ssl = ssl.keyManagerFactory(keyManagerFor(chain, key));
      X509Certificate leaf = chain.get(0);
      client =
          "'"
              + leaf.getSubjectX500Principal().getName()
              + "' (valid until "
              + leaf.getNotAfter().toInstant()
              + ")";
      warnIfNotValidNow(leaf, tls);
    } else if (tls.certFile() != null || tls.keyFile() != null) {
      // ConfigLoader refuses this; settings built in code could still do it.
      throw new IllegalArgumentException(
          "mutual TLS needs both MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE, but only "
              + (tls.certFile() != null ? "MQTT_TLS_CERT_FILE" : "MQTT_TLS_KEY_FILE")
              + " is set");
    }
    if (tls.insecureSkipVerify()) {
      LOG.warn(
          "MQTT TLS hostname verification is DISABLED (MQTT_TLS_INSECURE_SKIP_VERIFY=true): any"
              + " server holding a certificate from a trusted CA can impersonate the broker; use"
              + " this for testing only");
      ssl = ssl.hostnameVerifier((host, session) -> true);
    }
    LOG.info(
        "MQTT TLS ({}): trusting {}; client certificate {}; hostname verification {}",
        String.join("/", PROTOCOLS),
        trust,
        client,
        tls.insecureSkipVerify() ? "off" : "on");
    return ssl.build();
  }

  private static TrustManagerFactory trustManagerFor(TlsSettings tls) {
    List<X509Certificate> cas = PemFiles.certificates(tls.caFile(), "MQTT_TLS_CA_FILE");
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
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException(
          "MQTT_TLS_CA_FILE "
              + tls.caFile()
              + " cannot be used as a trust store: "
              + e.getMessage(),
          e);
    }
  }

  private static KeyManagerFactory keyManagerFor(List<X509Certificate> chain, PrivateKey key) {
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
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException(
          "the client certificate and key (MQTT_TLS_CERT_FILE, MQTT_TLS_KEY_FILE) cannot be used: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Fails now rather than with an obscure handshake error when the key is not the certificate's.
   */
  private static void requireMatching(X509Certificate cert, PrivateKey key, TlsSettings tls) {
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
          "MQTT_TLS_KEY_FILE "
              + tls.keyFile()
              + " is not the private key of the certificate in MQTT_TLS_CERT_FILE "
              + tls.certFile());
    }
  }

  private static void warnIfNotValidNow(X509Certificate cert, TlsSettings tls) {
    Instant now = Instant.now();
    if (now.isAfter(cert.getNotAfter().toInstant())) {
      LOG.warn(
          "The MQTT client certificate in MQTT_TLS_CERT_FILE {} expired at {}; the broker will"
              + " likely refuse it",
          tls.certFile(),
          cert.getNotAfter().toInstant());
    } else if (now.isBefore(cert.getNotBefore().toInstant())) {
      LOG.warn(
          "The MQTT client certificate in MQTT_TLS_CERT_FILE {} is not valid before {}",
          tls.certFile(),
          cert.getNotBefore().toInstant());
    }
  }
}
