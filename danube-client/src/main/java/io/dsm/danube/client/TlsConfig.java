/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.nio.file.Path;

/**
 * TLS towards Danube. With {@code enabled} and no CA file the JVM's default trust store is used; a
 * certificate and key file (PEM) together enable mutual TLS.
 *
 * @param enabled whether to use TLS at all
 * @param caFile PEM file with the CA certificate(s) to trust, or {@code null}
 * @param certFile PEM client certificate chain for mutual TLS, or {@code null}
 * @param keyFile PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) for mutual TLS, or {@code null}
 */
public record TlsConfig(boolean enabled, Path caFile, Path certFile, Path keyFile) {
  public static final TlsConfig DISABLED = new TlsConfig(false, null, null, null);

  public TlsConfig {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException(
          "TLS client certificate and key must be given together (cert="
              + certFile
              + ", key="
              + keyFile
              + ")");
    }
  }
}
