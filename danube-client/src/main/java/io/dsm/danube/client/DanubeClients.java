/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import io.dsm.danube.client.internal.DefaultAdminClient;
import io.dsm.danube.client.internal.DefaultDanubeClient;

/**
 * Creates {@link DanubeClient}s and {@link DanubeAdminClient}s. The one public type allowed to name
 * the {@code internal} package (it is the factory), so that every other API type stays free of
 * implementation details.
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

  /**
   * Creates a client of Danube's admin API at {@code adminUrl} (e.g. {@code
   * http://127.0.0.1:50051}; without a port, 50051). It takes the token, deadline, retry budget and
   * backoff from {@code config}, whose service URL it ignores. TLS follows the admin URL's scheme
   * (Danube's admin port is plaintext unless the broker sets {@code admin_tls}); with {@code
   * https}, the CA and client certificate of {@code config.tls()} are used. The connection opens on
   * the first call.
   *
   * @throws IllegalArgumentException when the admin URL is not an {@code http(s)://host[:port]}
   *     URL, when a token is configured for an {@code http} admin URL (it would travel in clear
   *     text), or when a TLS file cannot be read or parsed
   */
  public static DanubeAdminClient createAdmin(String adminUrl, DanubeClientConfig config) {
    return new DefaultAdminClient(adminUrl, config);
  }
}
