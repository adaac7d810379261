/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * TLS on the broker's client port, from PEM files.
 *
 * @param certChainPem the server certificate chain (leaf first); its SAN must match the host the
 *     clients dial, e.g. {@code 127.0.0.1}
 * @param privateKeyPem the server's unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY})
 * @param clientCaPemOrNull null for server-only TLS, which is what Danube does; otherwise the CA
 *     that client certificates must chain to, and mutual TLS is required: a client without a
 *     certificate from that CA fails the handshake. (Danube itself never asks for client
 *     certificates; use this to test a client's mTLS configuration.)
 */
public record TlsServerConfig(Path certChainPem, Path privateKeyPem, Path clientCaPemOrNull) {

  public TlsServerConfig {
    Objects.requireNonNull(certChainPem, "certChainPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
  }

  /** Server-only TLS, as Danube's broker does it. */
  public static TlsServerConfig serverOnly(Path certChainPem, Path privateKeyPem) {
    return new TlsServerConfig(certChainPem, privateKeyPem, null);
  }

  /** TLS that also requires a client certificate issued by {@code clientCaPem}. */
  public static TlsServerConfig mutual(Path certChainPem, Path privateKeyPem, Path clientCaPem) {
    return new TlsServerConfig(
        certChainPem, privateKeyPem, Objects.requireNonNull(clientCaPem, "clientCaPem"));
  }

  public boolean mutualTls() {
    return clientCaPemOrNull != null;
  }

  /**
   * The server-side context for grpc-netty-shaded. Reads the files now; a missing or malformed file
   * fails with the setting's name in the message.
   */
  SslContext toSslContext() {
    requireReadable(certChainPem, "certChainPem");
    requireReadable(privateKeyPem, "privateKeyPem");
    SslContextBuilder builder;
    try {
      builder = SslContextBuilder.forServer(certChainPem.toFile(), privateKeyPem.toFile());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "TLS: cannot use certChainPem "
              + certChainPem
              + " with privateKeyPem "
              + privateKeyPem
              + " (expected PEM certificates and an unencrypted PKCS#8 key): "
              + e.getMessage(),
          e);
    }
    if (clientCaPemOrNull != null) {
      requireReadable(clientCaPemOrNull, "clientCaPemOrNull");
      builder.trustManager(clientCaPemOrNull.toFile()).clientAuth(ClientAuth.REQUIRE);
    }
    try {
      return GrpcSslContexts.configure(builder).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "TLS: cannot build the server context from certChainPem "
              + certChainPem
              + ", privateKeyPem "
              + privateKeyPem
              + (clientCaPemOrNull == null ? "" : ", clientCaPemOrNull " + clientCaPemOrNull)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static void requireReadable(Path file, String setting) {
    if (!Files.isReadable(file)) {
      throw new UncheckedIOException(
          new IOException("TLS: " + setting + " " + file + " does not exist or is not readable"));
    }
  }
}
