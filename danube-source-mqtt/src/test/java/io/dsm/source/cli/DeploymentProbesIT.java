/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.testsupport.FreePorts;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The paths the deployment files probe are served by a running connector (the demo's, with
 * METRICS_PORT set), and the Dockerfile's HEALTHCHECK command itself succeeds against it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeploymentProbesIT {

  @Test
  void probedPathsAnswer200AndTheHealthcheckCommandPasses() throws Exception {
    Set<String> paths = new LinkedHashSet<>();
    DeploymentFiles.probes()
        .values()
        .forEach(p -> paths.add(p.path("httpGet").path("path").asText()));
    paths.add(DeploymentFiles.healthcheck()[1]);
    paths.add("/metrics"); // what the metrics Service is for
    assertThat(paths).contains("/health", "/ready");

    int metricsPort = FreePorts.find();
    RunCommandIT.TestShutdown shutdown = new RunCommandIT.TestShutdown();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Integer> code =
        DemoCommandIT.runAsync(
            shutdown, out, "demo", "--plain", "--metrics-port", Integer.toString(metricsPort));
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> out.toString(StandardCharsets.UTF_8).contains("[00:00:00]"));
      HttpClient http = HttpClient.newHttpClient();
      for (String path : paths) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(
                            http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                        .as(path)
                        .isEqualTo(200));
      }
      assertThat(runHealthcheck(metricsPort)).isZero();
      assertThat(runHealthcheck(FreePorts.find())).as("nothing listening").isNotZero();
    } finally {
      shutdown.requested.complete(null);
    }
    assertThat(code.get(60, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
  }

  /** Runs the Dockerfile's HEALTHCHECK CMD (exec form) here, with METRICS_PORT set. */
  static int runHealthcheck(int port) throws Exception {
    String instruction =
        DeploymentFiles.finalStage().stream()
            .filter(i -> i.startsWith("HEALTHCHECK "))
            .findFirst()
            .orElseThrow();
    JsonNode command =
        new ObjectMapper().readTree(instruction.substring(instruction.indexOf("CMD [") + 4));
    List<String> argv = new ArrayList<>();
    command.forEach(arg -> argv.add(arg.asText()));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().put("METRICS_PORT", Integer.toString(port));
    Process process = builder.start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
