/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.testsupport.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos soak's quick mode in the build: a minute of load with a fault every few seconds (Danube
 * hangs, refuses, slows down; Mosquitto restarts; the connector is signalled), then every message
 * the MQTT broker acknowledged must be in Danube. The 30-minute soak is run by hand ({@code
 * bin/danube-mqtt-chaos}); its results are in docs/RELIABILITY.md.
 */
@Tag("interop")
class ChaosQuickInteropIT {
  @TempDir Path out;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aMinuteOfRandomFaultsLosesNothing() throws Exception {
    ExternalTool.requireForTest("mosquitto");
    assertThat(BenchRun.defaultConnectorJar()).isRegularFile();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int code =
        ChaosSoak.run(
            new String[] {
              "--duration",
              "60s",
              "--fault-every",
              "6s",
              "--rate",
              "500",
              "--seed",
              "7",
              "--out",
              out.toString()
            },
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8));

    String text = stdout.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertThat(code).as("%s%n%s", text, stderr.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("chaos.json").toFile());
    assertThat(report.get("lost").asLong()).isZero();
    assertThat(report.get("published_confirmed").asLong()).isGreaterThan(10_000);
    assertThat(report.get("fault_log").size()).isGreaterThanOrEqualTo(5);
  }
}
