/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.nio.file.Path;

/**
 * TLS settings of one side (MQTT or Danube). {@code null} files mean "not set".
 *
 * @param enabled use TLS
 * @param caFile PEM CA bundle to trust instead of the JVM default, or {@code null}
 * @param certFile PEM client certificate (mutual TLS), or {@code null}
 * @param keyFile PEM private key (mutual TLS), or {@code null}
 * @param insecureSkipVerify skip hostname verification (warned about at start)
 */
public record TlsSettings(
    boolean enabled, Path caFile, Path certFile, Path keyFile, boolean insecureSkipVerify) {
  public static final TlsSettings DISABLED = new TlsSettings(false, null, null, null, false);
}
