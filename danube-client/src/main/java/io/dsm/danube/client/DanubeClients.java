/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import io.dsm.danube.client.internal.DefaultDanubeClient;

/**
 * Creates {@link DanubeClient}s. The one public type allowed to name the {@code internal} package
 * (it is the factory), so that every other API type stays free of implementation details.
 */
public final class DanubeClients {
  private DanubeClients() {}

  /**
   * Creates a client; connections are opened lazily on first use.
   *
   * @throws IllegalArgumentException when the service URL is not an {@code http(s)://host[:port]}
   *     URL, when a token is configured without TLS (Danube's own clients refuse to send a token in
   *     clear text), or when a TLS file cannot be read or parsed
   */
  public static DanubeClient create(DanubeClientConfig config) {
    return new DefaultDanubeClient(config);
  }
}
