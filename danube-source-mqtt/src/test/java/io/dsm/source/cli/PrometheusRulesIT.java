/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prometheus' own tool checks deploy/prometheus: the rule file and the configuration load, and the
 * rule unit tests (alerts.test.yml) pass: a crash loop fires DanubeConnectorDown, a missing target
 * DanubeConnectorAbsent, and one MQTT outage exactly one critical alert. Skipped where promtool is
 * not installed (Debian package {@code prometheus}; .ci/run installs it).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrometheusRulesIT {
  static Path promtool;

  @BeforeAll
  static void findPromtool() {
    Optional<Path> found = onPath("promtool");
    assumeTrue(found.isPresent(), "promtool is not installed (apt-get install prometheus)");
    promtool = found.get();
  }

  @Test
  void alertRulesAreValid() throws Exception {
    assertThat(promtool("check", "rules", "deploy/prometheus/alerts.yml")).contains("SUCCESS");
  }

  @Test
  void alertRuleUnitTestsPass() throws Exception {
    assertThat(promtool("test", "rules", "deploy/prometheus/alerts.test.yml")).contains("SUCCESS");
  }

  @Test
  void prometheusConfigurationIsValid() throws Exception {
    assertThat(promtool("check", "config", "deploy/prometheus/prometheus.yml")).contains("SUCCESS");
  }

  /** Runs promtool in the repository root; returns its output, failing on a non-zero exit. */
  static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(promtool.toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(DeploymentFiles.root().toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }

  static Optional<Path> onPath(String executable) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, executable);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
