/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints on {@code METRICS_PORT}: {@code /metrics} (Prometheus text format, or
 * OpenMetrics when the scraper asks for it, written by the Prometheus client), {@code /health}
 * (liveness) and {@code /ready} (readiness), both JSON with HTTP 200 or 503.
 *
 * <p>Hostile or broken peers cannot silence it: the server is non-blocking (Netty), so a client
 * that stops halfway through a request costs a socket, not a thread, and every other request is
 * answered meanwhile; a connection with no complete request (or no progress writing a response) for
 * {@link #IDLE_TIMEOUT} is closed; a request larger than 8 KiB is refused. A scrape reads only
 * atomics, so it never waits for the pipeline.
 *
 * <p>Threads: {@code ops-http-*} (two event loops).
 */
public final class OpsHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";

  /** How long a connection may stay without a complete request or response progress. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  private static final int MAX_REQUEST_BYTES = 8 * 1024;

  private final EventLoopGroup group;
  private final Channel channel;

  private OpsHttpServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Binds and starts serving.
   *
   * @param address where to listen ({@code METRICS_BIND_ADDRESS} and {@code METRICS_PORT})
   * @throws IOException naming the address when it cannot be bound (e.g. the port is in use)
   */
  public static OpsHttpServer start(
      InetSocketAddress address,
      PrometheusRegistry registry,
      String connectorName,
      Supplier<HealthCheck> liveness,
      Supplier<HealthCheck> readiness)
      throws IOException {
    return start(address, registry, connectorName, liveness, readiness, IDLE_TIMEOUT);
  }

  /** As above, with the idle timeout shortened (tests). */
  static OpsHttpServer start(
      InetSocketAddress address,
      PrometheusRegistry registry,
      String connectorName,
      Supplier<HealthCheck> liveness,
      Supplier<HealthCheck> readiness,
      Duration idleTimeout)
      throws IOException {
    EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("ops-http", true));
    Routes routes = new Routes(registry, connectorName, liveness, readiness);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 64)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new IdleStateHandler(
                                0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                        .addLast(new HttpServerCodec(4096, MAX_REQUEST_BYTES, 8192))
                        .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast(routes);
                  }
                });
    Channel channel;
    try {
      channel = b.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException(
          "cannot serve /metrics, /health and /ready on "
              + (address.getAddress() == null || address.getAddress().isAnyLocalAddress()
                  ? ""
                  : "METRICS_BIND_ADDRESS " + address.getAddress().getHostAddress() + ", ")
              + "METRICS_PORT "
              + address.getPort()
              + ": "
              + e.getMessage(),
          e);
    }
    OpsHttpServer ops = new OpsHttpServer(group, channel);
    LOG.info(
        "Serving /metrics, /health and /ready on {}:{}",
        ops.address().getAddress().getHostAddress(),
        ops.address().getPort());
    return ops;
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Stops serving and frees the threads. Idempotent. */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  /** Answers one request; shared by every connection (it keeps no state). */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final String connectorName;
    private final Supplier<HealthCheck> liveness;
    private final Supplier<HealthCheck> readiness;

    Routes(
        PrometheusRegistry registry,
        String connectorName,
        Supplier<HealthCheck> liveness,
        Supplier<HealthCheck> readiness) {
      this.registry = registry;
      this.connectorName = connectorName;
      this.liveness = liveness;
      this.readiness = readiness;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (!req.decoderResult().isSuccess()) {
        respond(ctx, req, HttpResponseStatus.BAD_REQUEST, TEXT, "bad request\n", false);
        return;
      }
      String path = new QueryStringDecoder(req.uri()).path();
      HttpMethod method = req.method();
      if (!path.equals("/metrics") && !path.equals("/health") && !path.equals("/ready")) {
        respond(ctx, req, HttpResponseStatus.NOT_FOUND, TEXT, "not found\n", true);
        return;
      }
      if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
        FullHttpResponse r =
            response(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "use GET\n", req);
        r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        write(ctx, req, r, true);
        return;
      }
      try {
        if (path.equals("/metrics")) {
          ExpositionFormatWriter writer =
              formats.findWriter(req.headers().get(HttpHeaderNames.ACCEPT));
          FullHttpResponse r =
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1, HttpResponseStatus.OK, ctx.alloc().buffer(16 * 1024));
          try (ByteBufOutputStream out = new ByteBufOutputStream(r.content())) {
            writer.write(out, registry.scrape());
          }
          r.headers().set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType());
          write(ctx, req, r, true);
        } else {
          HealthCheck c = (path.equals("/health") ? liveness : readiness).get();
          respond(
              ctx,
              req,
              c.ok() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
              JSON,
              c.toJson(connectorName) + "\n",
              true);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Serving {} failed: {}", path, e.toString());
        respond(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT, "error\n", false);
      }
    }

    private static FullHttpResponse response(
        HttpResponseStatus status, String contentType, String body, FullHttpRequest req) {
      FullHttpResponse r =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
      return r;
    }

    private static void respond(
        ChannelHandlerContext ctx,
        FullHttpRequest req,
        HttpResponseStatus status,
        String contentType,
        String body,
        boolean keepAliveAllowed) {
      write(ctx, req, response(status, contentType, body, req), keepAliveAllowed);
    }

    private static void write(
        ChannelHandlerContext ctx,
        FullHttpRequest req,
        FullHttpResponse r,
        boolean keepAliveAllowed) {
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      HttpUtil.setContentLength(r, r.content().readableBytes());
      if (req.method().equals(HttpMethod.HEAD)) {
        r.content().clear(); // the length stays that of the GET body
      }
      boolean keepAlive = keepAliveAllowed && HttpUtil.isKeepAlive(req);
      if (keepAlive) {
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(r);
      } else {
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        ctx.close(); // a peer that stopped halfway, or a keep-alive connection left idle
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("ops HTTP connection failed: {}", cause.toString());
      ctx.close();
    }
  }
}
