/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One broker of a group: a gRPC server on its own TCP port serving the Danube client services.
 * Handlers run on the transport threads ({@code directExecutor}): thread hand-offs cost more than
 * the work here, and no handler blocks.
 */
public final class BrokerNode {
  /**
   * Netty's own limit, far above Danube's 4 MiB so that oversized requests reach {@link
   * TransportLimitInterceptor}, which answers them as tonic does.
   */
  static final int NETTY_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final ClusterState cluster;
  private final int index;
  private final String bindHost;
  private final SslContext ssl;
  private final List<ServerInterceptor> interceptors;
  private final ServerInterceptor transportLimit = new TransportLimitInterceptor();
  private final List<BindableService> extraServices;
  private int port;
  private Server server;

  public BrokerNode(
      ClusterState cluster,
      int index,
      String bindHost,
      int port,
      SslContext ssl,
      List<ServerInterceptor> interceptors,
      List<BindableService> extraServices) {
    this.cluster = cluster;
    this.index = index;
    this.bindHost = bindHost;
    this.port = port;
    this.ssl = ssl;
    this.interceptors = List.copyOf(interceptors);
    this.extraServices = List.copyOf(extraServices);
  }

  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("broker " + index + " is already running on port " + port);
    }
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port))
            .directExecutor()
            .withOption(ChannelOption.SO_REUSEADDR, true)
            .maxInboundMessageSize(NETTY_INBOUND_MESSAGE_BYTES)
            // Danube (tonic/hyper) accepts client keep-alive pings at any rate; grpc-java's
            // default would answer frequent pings with GOAWAY "too_many_pings".
            .permitKeepAliveTime(1, TimeUnit.MILLISECONDS)
            .permitKeepAliveWithoutCalls(true)
            .addService(wrap(new ProducerServiceImpl(cluster, index)))
            .addService(wrap(new ConsumerServiceImpl(cluster, index)))
            .addService(wrap(new DiscoveryServiceImpl(cluster, index)))
            .addService(wrap(new HealthCheckServiceImpl(cluster, index)));
    for (BindableService extra : extraServices) {
      builder.addService(wrap(extra));
    }
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    Server started = builder.build();
    try {
      started.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "danube-testkit: broker " + index + " cannot listen on " + bindHost + ":" + port, e);
    }
    server = started;
    port = started.getPort();
    cluster.markRunning(index, true);
  }

  /**
   * The transport limit sits innermost: it acts on the request message, the other interceptors
   * (authentication) decide on the headers and so answer first, as in Danube.
   */
  private ServerServiceDefinition wrap(BindableService service) {
    return ServerInterceptors.intercept(
        ServerInterceptors.intercept(service, transportLimit), interceptors);
  }

  /** Stops serving; the broker forgets its producers and consumers, as a killed process would. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    cluster.markRunning(index, false);
    cluster.dropClientsOf(index);
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server = null;
  }

  public synchronized boolean running() {
    return server != null;
  }

  public synchronized int port() {
    return port;
  }

  public int index() {
    return index;
  }
}
