/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dsm.connector.pipeline.LogContext;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints on {@code METRICS_PORT}: {@code /metrics} (Prometheus text format, or
 * OpenMetrics when the scraper asks for it, written by the Prometheus client), {@code /health}
 * (liveness) and {@code /ready} (readiness), both JSON with HTTP 200 or 503. Runs on one thread,
 * {@code ops-http}; a scrape reads only atomics, so it never waits for the pipeline.
 */
public final class OpsHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
  private static final String JSON = "application/json; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final String connectorName;

  private OpsHttpServer(
      HttpServer server,
      PrometheusRegistry registry,
      String connectorName,
      Supplier<HealthCheck> liveness,
      Supplier<HealthCheck> readiness) {
    this.server = server;
    this.registry = registry;
    this.connectorName = connectorName;
    this.executor =
        Executors.newSingleThreadExecutor(LogContext.threads("ops-http", connectorName));
    server.setExecutor(executor);
    server.createContext("/metrics", this::metrics);
    server.createContext("/health", ex -> health(ex, liveness));
    server.createContext("/ready", ex -> health(ex, readiness));
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException naming the address when it cannot be bound (e.g. the port is in use)
   */
  public static OpsHttpServer start(
      InetSocketAddress address,
      PrometheusRegistry registry,
      String connectorName,
      Supplier<HealthCheck> liveness,
      Supplier<HealthCheck> readiness)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new IOException(
          "cannot serve /metrics, /health and /ready on METRICS_PORT "
              + address.getPort()
              + ": "
              + e.getMessage(),
          e);
    }
    OpsHttpServer ops = new OpsHttpServer(server, registry, connectorName, liveness, readiness);
    server.start();
    LOG.info("Serving /metrics, /health and /ready on port {}", server.getAddress().getPort());
    return ops;
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private boolean exact(HttpExchange ex, String path) throws IOException {
    String method = ex.getRequestMethod();
    if (!ex.getRequestURI().getPath().equals(path)) {
      send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
      return false;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      send(ex, 405, "text/plain; charset=utf-8", "use GET\n".getBytes(StandardCharsets.UTF_8));
      return false;
    }
    return true;
  }

  private void metrics(HttpExchange ex) throws IOException {
    try (ex) {
      if (!exact(ex, "/metrics")) {
        return;
      }
      ExpositionFormatWriter writer = formats.findWriter(ex.getRequestHeaders().getFirst("Accept"));
      ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
      writer.write(body, registry.scrape());
      send(ex, 200, writer.getContentType(), body.toByteArray());
    } catch (RuntimeException e) {
      LOG.warn("Serving /metrics failed: {}", e.toString());
      throw e;
    }
  }

  private void health(HttpExchange ex, Supplier<HealthCheck> check) throws IOException {
    try (ex) {
      if (!exact(ex, ex.getHttpContext().getPath())) {
        return;
      }
      HealthCheck c = check.get();
      send(
          ex,
          c.ok() ? 200 : 503,
          JSON,
          (c.toJson(connectorName) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops serving (at once) and frees the thread. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
