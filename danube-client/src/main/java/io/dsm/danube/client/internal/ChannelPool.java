/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.common.tls.ClientTls;
import io.dsm.common.tls.ClientTlsFiles;
import io.dsm.danube.client.TlsConfig;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One {@link ManagedChannel} per broker address ({@code host:port}), created lazily and shared by
 * every producer, consumer and lookup that talks to that broker. Every channel does its I/O on the
 * client's {@link IoEventLoop} and runs gRPC callbacks there ({@code directExecutor}): our
 * callbacks only update in-memory state and hand user-visible completions to the callback executor,
 * and the measured cost of a thread hop per call (about 50 µs of CPU on each side) is larger than
 * the work itself.
 *
 * <p>Proxy addresses get their {@code x-danube-broker-url} header through an interceptor on top of
 * the shared channel, so one TCP connection serves every broker behind the same proxy.
 */
final class ChannelPool implements AutoCloseable {
  private final boolean tls;
  private final IoEventLoop io;
  private final SslContext sslContext;
  private final List<ClientInterceptor> interceptors;
  private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<BrokerAddress, Channel> views = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ChannelPool(boolean tls, TlsConfig tlsConfig, String token, IoEventLoop io) {
    this.tls = tls;
    this.io = io;
    this.sslContext = tls ? buildSslContext(tlsConfig) : null;
    List<ClientInterceptor> list = new ArrayList<>();
    if (token != null) {
      list.add(AuthInterceptor.bearer(token));
    }
    this.interceptors = List.copyOf(list);
  }

  /** The channel for an address, with the proxy header when the lookup said so. */
  Channel channel(BrokerAddress address) {
    return views.computeIfAbsent(
        address,
        a -> {
          ManagedChannel base = managed(a.target());
          return a.proxy()
              ? ClientInterceptors.intercept(base, AuthInterceptor.brokerUrl(a.brokerUrl()))
              : base;
        });
  }

  private ManagedChannel managed(BrokerAddress.HostPort target) {
    if (closed) {
      throw new IllegalStateException("Danube client is closed");
    }
    return channels.computeIfAbsent(target.toString(), k -> build(target));
  }

  private ManagedChannel build(BrokerAddress.HostPort target) {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(target.host(), target.port())
            .eventLoopGroup(io.group())
            .channelType(io.channelType())
            .directExecutor()
            // The client retries by itself (classified by status, with a budget and re-lookup);
            // grpc's own retry layer would only add a buffered copy and bookkeeping per call.
            .disableRetry()
            // Danube's tonic server and grpc-java servers both tolerate pings every 5 minutes;
            // more often risks a GOAWAY (too_many_pings) from a grpc-java based server.
            .keepAliveTime(5, TimeUnit.MINUTES)
            .intercept(interceptors);
    if (tls) {
      builder.sslContext(sslContext);
    } else {
      builder.usePlaintext();
    }
    return builder.build();
  }

  private static SslContext buildSslContext(TlsConfig cfg) {
    try {
      SslContextBuilder b = GrpcSslContexts.forClient();
      ClientTls.Loaded files =
          ClientTls.load(
              new ClientTlsFiles(
                  cfg.caFile(), cfg.certFile(), cfg.keyFile(), "CA file", "certificate", "key"));
      if (files.trustManagers() != null) {
        b.trustManager(files.trustManagers());
      }
      if (files.keyManagers() != null) {
        b.keyManager(files.keyManagers());
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "TLS settings are not usable (ca="
              + cfg.caFile()
              + ", cert="
              + cfg.certFile()
              + ", key="
              + cfg.keyFile()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /** Shuts every channel down; waits for them unless called on the I/O thread itself. */
  @Override
  public void close() {
    closed = true;
    for (ManagedChannel ch : channels.values()) {
      ch.shutdown();
    }
    for (ManagedChannel ch : channels.values()) {
      if (io.inLoop()) {
        ch.shutdownNow(); // its termination needs this very thread
        continue;
      }
      try {
        if (!ch.awaitTermination(2, TimeUnit.SECONDS)) {
          ch.shutdownNow();
        }
      } catch (InterruptedException e) {
        ch.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    channels.clear();
    views.clear();
  }
}
