/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Objects;

/**
 * Everything a broker group is built from, validated by the public builder.
 *
 * @param settings behaviour shared by every broker
 * @param mode the mode as the public API reports it
 * @param brokers how many brokers share the metadata
 * @param port port of broker 0 (broker i gets port + i), 0 for free ports
 * @param adminPort admin port of broker 0 (broker i gets adminPort + i), 0 for free ports
 * @param bindHost address to listen on
 * @param advertisedHost host put in URLs
 * @param ssl server TLS for the client ports, or null for plaintext
 * @param adminSsl server-only TLS for the admin ports, or null for plaintext
 * @param jwtSecret HS256 secret required on every call, or null for no authentication
 * @param bootstrapNamespaces namespaces created at start besides {@code default} and {@code system}
 */
public record GroupConfig(
    BrokerSettings settings,
    InMemoryDanubeBroker.Mode mode,
    int brokers,
    int port,
    int adminPort,
    String bindHost,
    String advertisedHost,
    SslContext ssl,
    SslContext adminSsl,
    byte[] jwtSecret,
    List<String> bootstrapNamespaces) {

  public GroupConfig {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(advertisedHost, "advertisedHost");
    jwtSecret = jwtSecret == null ? null : jwtSecret.clone();
    bootstrapNamespaces = List.copyOf(bootstrapNamespaces);
  }

  @Override
  public byte[] jwtSecret() {
    return jwtSecret == null ? null : jwtSecret.clone();
  }
}
