/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SinkSettingsDocTest {
  @Test
  void projectReadmeEmbedsTheSinkTable() throws IOException {
    String text =
        Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8).replace("\r\n", "\n");
    String begin = "<!-- sink-settings-table:begin -->\n";
    int b = text.indexOf(begin);
    int e = text.indexOf("<!-- sink-settings-table:end -->");
    assertThat(b).isNotNegative();
    // regenerate: copy SettingsDoc.markdownTable(Settings.SINK) between the markers
    assertThat(text.substring(b + begin.length(), e))
        .isEqualTo(SettingsDoc.markdownTable(Settings.SINK));
  }

  @Test
  void sinkSettingsHaveUniqueNames() {
    Set<String> envs = new HashSet<>();
    Set<String> tomls = new HashSet<>();
    for (Setting<?> s : Settings.SINK) {
      assertThat(envs.add(s.env())).as("duplicate %s", s.env()).isTrue();
      assertThat(s.toml() == null || tomls.add(s.toml())).as("duplicate %s", s.toml()).isTrue();
    }
  }
}
