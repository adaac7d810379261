/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsDocTest {
  private static final String BEGIN = "<!-- settings-table:begin -->\n";
  private static final String END = "<!-- settings-table:end -->";

  /** The table between the markers of a Markdown file. */
  static String embeddedTable(Path markdown) throws IOException {
    String text = Files.readString(markdown, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("settings-table markers in %s", markdown).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    return text.substring(begin + BEGIN.length(), end);
  }

  @Test
  void moduleReadmeEmbedsTheGeneratedTable() throws IOException {
    // regenerate: copy SettingsDoc.markdownTable() between the markers
    assertThat(embeddedTable(Path.of("README.md"))).isEqualTo(SettingsDoc.markdownTable());
  }

  @Test
  void projectReadmeEmbedsTheGeneratedTable() throws IOException {
    // The project README's Configuration section is what users read first; it must not rot.
    assertThat(embeddedTable(Path.of("..", "README.md"))).isEqualTo(SettingsDoc.markdownTable());
  }

  @Test
  void everySettingHasOneRowAndUniqueNames() {
    String table = SettingsDoc.markdownTable();
    Set<String> envs = new HashSet<>();
    Set<String> tomls = new HashSet<>();
    Set<String> flags = new HashSet<>();
    for (Setting<?> setting : Settings.ALL) {
      assertThat(envs.add(setting.env())).as("duplicate %s", setting.env()).isTrue();
      assertThat(setting.toml() == null || tomls.add(setting.toml())).isTrue();
      assertThat(setting.flag() == null || flags.add(setting.flag())).isTrue();
      assertThat(table).containsOnlyOnce("| `" + setting.env() + "` |");
      if (setting.defaultValue() != null) {
        assertThat(setting.defaultText()).isNotNull();
      }
    }
    assertThat(table.lines().count()).isEqualTo(Settings.ALL.size() + 2);
  }

  @Test
  void theSeedsVariablesAndDefaultsAreKept() {
    // The seed README's environment variables are the contract; renaming one breaks deployments.
    List<String> seed =
        List.of(
            "DANUBE_SERVICE_URL:null",
            "CONNECTOR_NAME:null",
            "MQTT_BROKER_HOST:null",
            "MQTT_CLIENT_ID:null",
            "MQTT_TOPICS:null",
            "MQTT_BROKER_PORT:1883",
            "MQTT_USERNAME:null",
            "MQTT_PASSWORD:null",
            "MQTT_USE_TLS:false",
            "MQTT_QOS:1",
            "MQTT_DANUBE_TOPIC:null",
            "MQTT_KEEP_ALIVE_SECS:60",
            "MQTT_CLEAN_SESSION:true",
            "MQTT_INCLUDE_METADATA:true",
            "MQTT_MAX_PACKET_SIZE:10485760",
            "RELIABLE_DISPATCH:true",
            "POLL_INTERVAL_MS:100",
            "LOG_LEVEL:info");
    for (String entry : seed) {
      String[] parts = entry.split(":");
      Setting<?> setting = Settings.byEnv(parts[0]).orElseThrow();
      assertThat(Objects.toString(setting.defaultValue())).as(parts[0]).isEqualTo(parts[1]);
    }
  }

  @Test
  void secretsAreMarked() {
    assertThat(Settings.ALL.stream().filter(Setting::secret).map(Setting::env))
        .containsExactlyInAnyOrder("MQTT_PASSWORD", "DANUBE_TOKEN");
    assertThat(SettingsDoc.markdownTable())
        .contains("Authentication password (secret; never printed)");
  }
}
