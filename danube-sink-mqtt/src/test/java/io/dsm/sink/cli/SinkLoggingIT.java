/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.testsupport.ConnectorEnv;
import io.dsm.testsupport.JvmProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sink's shaded jar (what {@code bin/danube-sink-mqtt} and the image run) logs to stderr only,
 * in the format asked for: stdout carries command output, and a JSON log line is never doubled by a
 * text one (its own logback.xml, not logback's default console appender on stdout).
 */
class SinkLoggingIT {
  static final Path JAR = Path.of("target", "danube-sink-mqtt.jar").toAbsolutePath();

  @TempDir Path dir;

  @ParameterizedTest(name = "LOG_FORMAT={0}")
  @ValueSource(strings = {"text", "json"})
  void logsGoToStderrOnceInTheConfiguredFormat(String format) throws Exception {
    // Nothing listens on port 1: the sink logs its configuration, fails to start and exits 69.
    var env =
        ConnectorEnv.of("log-sink", "log-sink-1", "http://127.0.0.1:1", 1)
            .sink("/iot/commands", "devices/{attr.device}/cmd")
            .with("LOG_FORMAT", format)
            .map();
    try (JvmProcess p = JvmProcess.jar(JAR).args("run").env(env).outputDir(dir).start()) {
      assertThat(p.awaitExit(Duration.ofSeconds(60))).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);
      assertThat(p.stdout()).isEmpty();
      List<String> logged =
          p.stderr().lines().filter(l -> l.contains("Effective configuration")).toList();
      assertThat(logged).hasSize(1);
      if (format.equals("json")) {
        assertThat(new ObjectMapper().readTree(logged.get(0)).path("level").asText())
            .isEqualTo("INFO");
      } else {
        assertThat(logged.get(0)).contains(" INFO ").doesNotStartWith("{");
      }
    }
  }
}
