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
 * One broker of a group: a gRPC server on its client port serving the Danube client services, and
 * one on its admin port serving the admin API (as Danube does, on a port of its own). Handlers run
 * on the transport threads ({@code directExecutor}): thread hand-offs cost more than the work here,
 * and no handler blocks.
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
  private final SslContext adminSsl;
  private final List<ServerInterceptor> interceptors;
  private final ServerInterceptor transportLimit = new TransportLimitInterceptor();
  private int port;
  private int adminPort;
  private Server server;
  private Server adminServer;

  /**
   * @param port client port, 0 for a free one (kept across restarts)
   * @param adminPort admin port, 0 for a free one (kept across restarts)
   * @param ssl TLS of the client port, or null
   * @param adminSsl TLS of the admin port (server-only, as Danube's {@code admin_tls}), or null
   * @param interceptors authentication, applied on both ports as Danube does
   */
  public BrokerNode(
      ClusterState cluster,
      int index,
      String bindHost,
      int port,
      int adminPort,
      SslContext ssl,
      SslContext adminSsl,
      List<ServerInterceptor> interceptors) {
    this.cluster = cluster;
    this.index = index;
    this.bindHost = bindHost;
    this.port = port;
    this.adminPort = adminPort;
    this.ssl = ssl;
    this.adminSsl = adminSsl;
    this.interceptors = List.copyOf(interceptors);
  }

  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("broker " + index + " is already running on port " + port);
    }
    SchemaRegistryServiceImpl registry =
        new SchemaRegistryServiceImpl(cluster.schemas(), cluster, index);
    Server client =
        listen(
            port,
            ssl,
            "client",
            List.of(
                new ProducerServiceImpl(cluster, index),
                new ConsumerServiceImpl(cluster, index),
                new DiscoveryServiceImpl(cluster, index),
                new HealthCheckServiceImpl(cluster, index),
                registry));
    Server admin;
    NamespaceAdminServiceImpl namespaceAdmin = new NamespaceAdminServiceImpl(cluster.namespaces());
    try {
      admin =
          listen(
              adminPort,
              adminSsl,
              "admin",
              List.of(namespaceAdmin.brokerAdmin(), namespaceAdmin, registry));
    } catch (RuntimeException e) {
      client.shutdownNow();
      throw e;
    }
    server = client;
    adminServer = admin;
    port = client.getPort();
    adminPort = admin.getPort();
    cluster.markRunning(index, true);
  }

  private Server listen(int onPort, SslContext tls, String what, List<BindableService> services) {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, onPort))
            .directExecutor()
            .withOption(ChannelOption.SO_REUSEADDR, true)
            .maxInboundMessageSize(NETTY_INBOUND_MESSAGE_BYTES)
            // Danube (tonic/hyper) accepts client keep-alive pings at any rate; grpc-java's
            // default would answer frequent pings with GOAWAY "too_many_pings".
            .permitKeepAliveTime(1, TimeUnit.MILLISECONDS)
            .permitKeepAliveWithoutCalls(true);
    for (BindableService service : services) {
      builder.addService(wrap(service));
    }
    if (tls != null) {
      builder.sslContext(tls);
    }
    Server started = builder.build();
    try {
      return started.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "danube-testkit: broker "
              + index
              + " cannot listen on "
              + bindHost
              + ":"
              + onPort
              + " ("
              + what
              + " port)",
          e);
    }
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
    adminServer.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
      adminServer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server = null;
    adminServer = null;
  }

  public synchronized boolean running() {
    return server != null;
  }

  public synchronized int port() {
    return port;
  }

  public synchronized int adminPort() {
    return adminPort;
  }

  public int index() {
    return index;
  }
}
