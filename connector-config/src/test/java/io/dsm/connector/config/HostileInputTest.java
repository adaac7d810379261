/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static io.dsm.connector.config.ConfigLoaderTest.load;
import static io.dsm.connector.config.ConfigLoaderTest.problemsOf;
import static io.dsm.connector.config.ConfigLoaderTest.seedWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values that are wrong in ways an operator does not see: encodings, types, URLs, typos. */
class HostileInputTest {

  @TempDir Path dir;

  private Map<String, String> file(String text) throws IOException {
    Path file = Files.writeString(dir.resolve("connector.toml"), text, StandardCharsets.UTF_8);
    return Map.of("CONNECTOR_CONFIG_PATH", file.toString());
  }

  private Map<String, String> file(byte[] bytes) throws IOException {
    Path file = Files.write(dir.resolve("connector.toml"), bytes);
    return Map.of("CONNECTOR_CONFIG_PATH", file.toString());
  }

  // ---- the environment decoded with a wrong charset (issue: `env -i`, systemd, cron) ---------

  @Test
  void aValueHoldingTheReplacementCharacterIsRefused() {
    // What the JVM makes of "ü/测试" when the environment is decoded as ASCII.
    assertThat(problemsOf(seedWith("MQTT_TOPICS=\uFFFD\uFFFD/\uFFFD\uFFFD"), Map.of()))
        .containsExactly(
            "MQTT_TOPICS (env): \"\uFFFD\uFFFD/\uFFFD\uFFFD\" contains U+FFFD (the Unicode"
                + " replacement character), which is left where text was decoded with the wrong"
                + " character set; run with a UTF-8 locale (LANG=C.UTF-8) and check the value's"
                + " encoding");
    assertThat(problemsOf(seedWith("MQTT_PASSWORD=pw\uFFFD-123secret;MQTT_USERNAME=u"), Map.of()))
        .singleElement()
        .asString()
        .startsWith("MQTT_PASSWORD (env): [hidden] contains U+FFFD")
        .doesNotContain("123secret");
  }

  @Test
  void theReplacementCharacterIsRefusedInTheFileAndInFlagsToo() throws Exception {
    Map<String, String> env =
        file(
            "connector_name = \"c\"\ndanube_service_url = \"http://d:1\"\n[mqtt]\nhost = \"h\"\n"
                + "client_id = \"x\"\ntopics = [\"a/\uFFFD\"]\n");
    assertThat(problemsOf(env, Map.of()))
        .singleElement()
        .asString()
        .startsWith("mqtt.topics (connector.toml:6): \"a/\uFFFD\" contains U+FFFD");
    assertThat(problemsOf(ConfigLoaderTest.SEED, Map.of("--mqtt-host", "h\uFFFD")))
        .singleElement()
        .asString()
        .startsWith("--mqtt-host (command line): \"h\uFFFD\" contains U+FFFD");
  }

  // ---- URLs -----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://host:99999 | DANUBE_SERVICE_URL (env): \"http://host:99999\" has the port 99999,"
            + " which is out of range [1, 65535]",
        "http://host:0 | DANUBE_SERVICE_URL (env): \"http://host:0\" has the port 0, which is out"
            + " of range [1, 65535]",
        "http://admin:pw-123secret@host:6650 | DANUBE_SERVICE_URL (env):"
            + " \"http://[hidden]@host:6650\" has user information (user:password@); give"
            + " credentials in DANUBE_TOKEN or DANUBE_TOKEN_FILE, never in the URL",
        "http://host:6650/?token=tok-123secret | DANUBE_SERVICE_URL (env):"
            + " \"http://host:6650/?[hidden]\" has a query or fragment; expected http://host:port"
            + " or https://host:port",
        "http://u:pw 123secret@host:6650 | DANUBE_SERVICE_URL (env): \"http://[hidden]@host:6650\""
            + " is not a Danube service URL; expected http://host:port or https://host:port",
        "http://host:6650#tok-123secret | DANUBE_SERVICE_URL (env): \"http://host:6650#[hidden]\""
            + " has a query or fragment; expected http://host:port or https://host:port",
      })
  void urlsAreCheckedAndTheirCredentialsNeverEchoed(String url, String expected) {
    List<String> problems = problemsOf(seedWith("DANUBE_SERVICE_URL=" + url), Map.of());
    assertThat(problems).containsExactly(expected);
    assertThat(String.join("\n", problems)).doesNotContain("123secret");
  }

  @Test
  void adminUrlCredentialsAreHiddenToo() {
    assertThat(problemsOf(seedWith("DANUBE_ADMIN_URL=https://root:pw-123secret@d:50051"), Map.of()))
        .containsExactly(
            "DANUBE_ADMIN_URL (env): \"https://[hidden]@d:50051\" has user information"
                + " (user:password@); give credentials in DANUBE_TOKEN or DANUBE_TOKEN_FILE, never"
                + " in the URL");
  }

  // ---- TOML types, encoding and syntax --------------------------------------------------------

  static final String BASE =
      "connector_name = \"c\"\ndanube_service_url = \"http://d:1\"\n[mqtt]\nhost = \"h\"\n"
          + "client_id = \"x\"\ntopics = \"a/#\"\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "connector_name = \"c\" | connector_name = 12 | connector_name (connector.toml:1): has the"
            + " wrong type: 12 is an integer; expected a quoted string (letters, digits, '.', '_'"
            + " or '-')",
        "host = \"h\" | host = \"h\"\\nport = \"1883\" | mqtt.port (connector.toml:5): has the wrong"
            + " type: \"1883\" is a string; expected integer in [1, 65535], without quotes",
        "host = \"h\" | host = \"h\"\\nport = 1883.0 | mqtt.port (connector.toml:5): has the wrong"
            + " type: 1883 is a floating-point number; expected integer in [1, 65535]",
        "host = \"h\" | host = \"h\"\\nclean_session = \"false\" | mqtt.clean_session"
            + " (connector.toml:5): has the wrong type: \"false\" is a string; expected true or"
            + " false, without quotes",
        "host = \"h\" | host = true | mqtt.host (connector.toml:4): has the wrong type: true is a"
            + " boolean; expected a quoted string (host name or IP address)",
        "host = \"h\" | host = \"h\"\\nprotocol_version = \"5\" | mqtt.protocol_version"
            + " (connector.toml:5): has the wrong type: \"5\" is a string; expected 3 or 5, without"
            + " quotes",
        "host = \"h\" | host = \"h\"\\npassword = 42 | mqtt.password (connector.toml:5): has the"
            + " wrong type: it is an integer; expected a quoted string (text)",
        "topics = \"a/#\" | topics = [\"a/#\", 1] | mqtt.topics (connector.toml:6): is an array"
            + " with items that are not strings; expected comma-separated MQTT topic filters",
      })
  void wrongTomlTypesAreErrors(String replace, String with, String expected) throws Exception {
    assertThat(problemsOf(file(BASE.replace(replace, with.replace("\\n", "\n"))), Map.of()))
        .containsExactly(expected);
  }

  @Test
  void aFileThatIsNotUtf8SaysSoWithItsPosition() throws Exception {
    byte[] latin1 = (BASE + "# Gr\u00fc\u00dfe\n").getBytes(StandardCharsets.ISO_8859_1);
    int offset = BASE.length() + "# Gr".length();
    assertThat(problemsOf(file(latin1), Map.of()))
        .containsExactly(
            "CONNECTOR_CONFIG_PATH (connector.toml:7): \"connector.toml\" is not valid UTF-8 (byte"
                + " offset "
                + offset
                + "); save it as UTF-8");
  }

  @Test
  void aByteOrderMarkIsTolerated() throws Exception {
    byte[] bom = ("\uFEFF" + BASE).getBytes(StandardCharsets.UTF_8);
    assertThat(ConfigLoader.load(EnvSource.of(file(bom)), Map.of()).settings().connectorName())
        .isEqualTo("c");
  }

  @Test
  void aSyntaxErrorIsTheOnlyProblemReported() throws Exception {
    assertThat(problemsOf(file("connector_name = \"c\"\n[mqtt\nhost = \"h\"\n"), Map.of()))
        .singleElement()
        .asString()
        .startsWith(
            "CONNECTOR_CONFIG_PATH (connector.toml:2): \"connector.toml\" is not valid TOML");
    // Problems of the environment are still reported next to it; "is required" lines are not.
    Map<String, String> env = new HashMap<>(file("x = \n"));
    env.put("MQTT_QOS", "7");
    assertThat(problemsOf(env, Map.of()))
        .hasSize(2)
        .anyMatch(p -> p.startsWith("CONNECTOR_CONFIG_PATH (connector.toml:1):"))
        .contains("MQTT_QOS (env): \"7\" is out of range [0, 2]");
  }

  @Test
  void aDuplicateKeyIsReportedOnItsOwnLine() throws Exception {
    String text = BASE.replace("client_id = \"x\"\n", "client_id = \"x\"\nhost = \"again\"\n\n");
    assertThat(problemsOf(file(text), Map.of()))
        .containsExactly(
            "CONNECTOR_CONFIG_PATH (connector.toml:6): \"connector.toml\" is not valid TOML: the"
                + " key mqtt.host is set twice (first on line 4)");
  }

  // ---- environment variables that are no setting ---------------------------------------------

  @Test
  void unknownMqttAndDanubeVariablesAreWarnedAboutWithASuggestion() throws Exception {
    LoadedConfig config =
        load(
            seedWith(
                "MQTT_PASWORD=pw-123secret;DANUBE_TOKNE=x;MQTT_SOMETHING_ELSE=1;OTHER_VAR=1;"
                    + "MQTT_SERVICE_HOST=10.0.0.1;MQTT_PORT_1883_TCP=tcp://10.0.0.1:1883;"
                    + "MQTT_PORT=tcp://10.0.0.1:1883;DANUBE_BROKER_SERVICE_PORT=6650"));
    assertThat(config.warnings())
        .containsExactly(
            "DANUBE_TOKNE is set in the environment but is not a setting of this connector; did"
                + " you mean DANUBE_TOKEN?",
            "MQTT_PASWORD is set in the environment but is not a setting of this connector; did you"
                + " mean MQTT_PASSWORD?",
            "MQTT_SOMETHING_ELSE is set in the environment but is not a setting of this"
                + " connector");
    assertThat(String.join("\n", config.warnings())).doesNotContain("123secret");
  }

  // ---- the start-up log -----------------------------------------------------------------------

  @Test
  void logLinesShowEachSettingWithItsSourceAndHideSecrets() throws Exception {
    LoadedConfig config =
        load(seedWith("MQTT_USERNAME=u;MQTT_PASSWORD=pw-123secret;MQTT_BROKER_PORT=1884"));
    List<String> lines = config.effective().logLines();
    assertThat(lines)
        .contains(
            "MQTT_BROKER_PORT = 1884 (env)",
            "MQTT_PASSWORD = [hidden] (env)",
            "MQTT_KEEP_ALIVE_SECS = 60 (default)",
            "route[0] = sensors/# -> /mqtt/sensors_all (qos 1, partitions 0, reliable_dispatch"
                + " true) (MQTT_TOPICS, env)")
        .noneMatch(l -> l.startsWith("DANUBE_TOKEN ")) // unset without default: left out
        .noneMatch(l -> l.contains("123secret"))
        .noneMatch(l -> l.contains("MqttSettings["));
  }
}
