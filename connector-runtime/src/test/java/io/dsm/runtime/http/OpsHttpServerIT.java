/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ops endpoints over real HTTP, with peers that misbehave. */
@Timeout(60)
class OpsHttpServerIT {
  private final List<Socket> sockets = new ArrayList<>();
  private OpsHttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile boolean live = true;

  @BeforeEach
  void start() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("ops_test_total").help("t").register(registry).inc();
    server =
        OpsHttpServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            registry,
            "ops-it",
            () -> new HealthCheck(live, live ? null : "stalled", Map.of()),
            () -> new HealthCheck(true, null, Map.of()),
            Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Socket stalledPeer() throws Exception {
    Socket s = new Socket("127.0.0.1", server.address().getPort());
    sockets.add(s);
    OutputStream out = s.getOutputStream();
    out.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  @Test
  void stalledPeersDoNotSilenceHealthReadyOrMetrics() throws Exception {
    for (int i = 0; i < 50; i++) {
      stalledPeer();
    }

    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("ops_test_total 1.0");
    live = false;
    HttpResponse<String> down = get("/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"reason\":\"stalled\"");
  }

  @Test
  void aPeerThatStopsHalfwayIsDisconnectedAfterTheIdleTimeout() throws Exception {
    Socket s = stalledPeer();
    s.setSoTimeout(20_000);
    InputStream in = s.getInputStream();

    assertThat(in.read()).as("closed by the server, no answer").isEqualTo(-1);
  }

  @Test
  void unknownPathsMethodsAndOversizeRequestsGetClearAnswers() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.address().getPort() + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    HttpResponse<String> big =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.address().getPort() + "/health"))
                .header("X-Big", "x".repeat(20_000))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(big.statusCode()).isGreaterThanOrEqualTo(400);
    await().atMost(Duration.ofSeconds(5)).until(() -> get("/health").statusCode() == 200);
  }
}
