/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.testsupport.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code danube-mqtt-bench --quick} end to end: Mosquitto process, testkit broker, the
 * connector's shaded jar as a separate JVM, and all four phases. Asserts only that it ran, wrote
 * its outputs and lost nothing; never a timing or throughput figure.
 */
class BenchQuickIT {
  @TempDir Path out;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void quickRunCompletesAndLosesNothing() throws Exception {
    requireMosquitto();
    Path jar = BenchRun.defaultConnectorJar();
    assertThat(jar)
        .as(
            "the connector's shaded jar (build danube-source-mqtt first: mvn -pl danube-source-mqtt -am package)")
        .isRegularFile();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int code =
        BenchMain.run(
            // --settle: each window starts once the warm-up backlog cleared (at most 10 s later)
            new String[] {"--quick", "--settle", "10s", "--no-progress", "--out", out.toString()},
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8));

    String err = stderr.toString(StandardCharsets.UTF_8);
    assertThat(code).as("exit code; stderr:\n%s", err).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .startsWith("danube-mqtt-bench: msgs_per_s=")
        .contains(" lost=0 ");
    JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    for (String field :
        new String[] {
          "throughput_msgs_per_s",
          "raw_mqtt_msgs_per_s",
          "raw_danube_msgs_per_s",
          "ratio_vs_raw_mqtt",
          "latency_p50_ms",
          "latency_p99_ms",
          "cpu_us_per_msg",
          "rss_mib",
          "sent",
          "received",
          "lost",
          "duplicates",
          "parameters"
        }) {
      assertThat(json.hasNonNull(field)).as("JSON field %s in %s", field, json).isTrue();
    }
    assertThat(json.get("sent").asLong()).isPositive();
    assertThat(json.get("lost").asLong()).isZero();
    assertThat(json.get("received").asLong()).isEqualTo(json.get("sent").asLong());
    assertThat(json.get("parameters").get("qos").asInt()).isEqualTo(1);
    assertThat(json.get("phases")).hasSize(4);
    assertThat(json.get("parameters").get("settle_max_s").asDouble()).isEqualTo(10.0);
    for (JsonNode phase : json.get("phases")) {
      assertThat(phase.get("lost").asLong()).as("lost in %s", phase.get("phase")).isZero();
      assertThat(phase.get("settled_after_s").asDouble())
          .as("settled_after_s in %s", phase.get("phase"))
          .isBetween(0.0, 11.0);
      assertThat(phase.get("settled").isBoolean()).as("settled in %s", phase.get("phase")).isTrue();
      assertThat(phase.get("corrupted").asLong())
          .as("corrupted in %s", phase.get("phase"))
          .isZero();
    }
    assertThat(Files.readString(out.resolve("bench.md")))
        .contains("| connector |")
        .contains("(--settle")
        .contains("measured window started");
    byte[] png = Files.readAllBytes(out.resolve("bench.png"));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  private static void requireMosquitto() {
    ExternalTool.requireForTest("mosquitto");
  }
}
