/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.runtime.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Main.run with environment maps: no process environment, no network. */
class MainTest {
  static final String PASSWORD = "pw-Secret-4711";
  static final String TOKEN = "tok-Secret-0815";

  static final Map<String, String> SEED =
      Map.of(
          "DANUBE_SERVICE_URL", "http://127.0.0.1:6650",
          "CONNECTOR_NAME", "mqtt-iot-source",
          "MQTT_BROKER_HOST", "127.0.0.1",
          "MQTT_CLIENT_ID", "danube-connector-1",
          "MQTT_TOPICS", "sensors/#,devices/+/telemetry");

  @TempDir Path dir;

  /** Exit code and captured streams of one run. */
  record Result(int code, String out, String err) {}

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, env, o, e);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Map<String, String> seedWith(String... pairs) {
    Map<String, String> env = new HashMap<>(SEED);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  static String nl(String... lines) {
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }

  // ---- check ------------------------------------------------------------------------------

  @Test
  void checkListsTheRoutes() {
    Result result = run(SEED, "check");

    assertThat(result.code()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .isEqualTo(
            nl(
                "configuration OK: 2 routes",
                "  sensors/# -> /mqtt/sensors_all (qos 1, partitions 0, reliable_dispatch true)",
                "  devices/+/telemetry -> /mqtt/devices_any_telemetry (qos 1, partitions 0,"
                    + " reliable_dispatch true)"));
    assertThat(result.err()).isEmpty();
  }

  @Test
  void checkWithOneTargetTopicAndFlags() {
    Result result =
        run(
            seedWith("MQTT_DANUBE_TOPIC", "/iot/data"),
            "--topics",
            "a/b",
            "check",
            "--mqtt-port",
            "1999");

    assertThat(result.code()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .isEqualTo(
            nl(
                "configuration OK: 1 route",
                "  a/b -> /iot/data (qos 1, partitions 0, reliable_dispatch true)"));
  }

  @Test
  void checkPrintsWarningsOnStderr() {
    Result result = run(seedWith("POLL_INTERVAL_MS", "50"), "check");

    assertThat(result.code()).isEqualTo(ExitCodes.OK);
    assertThat(result.err())
        .isEqualTo(
            nl(
                "warning: POLL_INTERVAL_MS is set but has no effect: the MQTT client delivers"
                    + " messages as they arrive (push), so there is nothing to poll"));
  }

  @Test
  void checkNamesAMistypedVariableAndSuggestsTheSetting() {
    Result result = run(seedWith("MQTT_PASWORD", "secret"), "check");

    assertThat(result.code()).isEqualTo(ExitCodes.OK);
    assertThat(result.err())
        .contains("MQTT_PASWORD is set in the environment but is not a setting of this connector")
        .contains("did you mean MQTT_PASSWORD?")
        .doesNotContain("secret");
  }

  // ---- invalid configuration: 78 with the exact message, for every command ------------------

  @ParameterizedTest(name = "{0}: {1}={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "check        | MQTT_BROKER_PORT | 70000 | MQTT_BROKER_PORT (env): \"70000\" is out of range"
            + " [1, 65535]",
        "print-config | MQTT_QOS | 7 | MQTT_QOS (env): \"7\" is out of range [0, 2]",
        "run          | MQTT_USE_TLS | maybe | MQTT_USE_TLS (env): \"maybe\" is not a boolean;"
            + " expected true or false",
        "''           | MQTT_TOPICS | a/#/b | MQTT_TOPICS (env): \"a/#/b\" is not a valid MQTT topic"
            + " filter; '#' must be the last character and alone in its level",
        "check        | MQTT_TOPICS | a+ | MQTT_TOPICS (env): \"a+\" is not a valid MQTT topic"
            + " filter; '+' must be alone in its level",
        "check        | MQTT_TOPICS | a/b,a_b | MQTT_TOPICS (env): \"a_b\" derives the Danube topic"
            + " /mqtt/a_b, as \"a/b\" does; set MQTT_DANUBE_TOPIC or use [[mqtt.routes]] with"
            + " explicit 'to'",
        "check        | MQTT_DANUBE_TOPIC | /mqtt/a/b | MQTT_DANUBE_TOPIC (env): \"/mqtt/a/b\" is not"
            + " a Danube topic; expected /namespace/topic using letters, digits, '_' or '-'",
        "check        | MQTT_BROKER_HOST | '' | MQTT_BROKER_HOST (not set): is required; set"
            + " MQTT_BROKER_HOST, --mqtt-host or mqtt.host in the configuration file",
        "check        | DANUBE_TOKEN | "
            + TOKEN
            + " | DANUBE_TOKEN (env): needs TLS towards Danube"
            + " (a token must not travel in clear text); set DANUBE_TLS=true or use an https://"
            + " DANUBE_SERVICE_URL",
        "run          | MQTT_PASSWORD | "
            + PASSWORD
            + " | MQTT_PASSWORD (env): is set without"
            + " MQTT_USERNAME; MQTT 3.1.1 allows a password only with a user name",
        "check        | MQTT_KEEP_ALIVE_SECS | sixty | MQTT_KEEP_ALIVE_SECS (env): \"sixty\" is not"
            + " an integer",
      })
  void invalidConfigurationExits78WithTheExactMessage(
      String command, String variable, String value, String problem) {
    String[] args = command.isEmpty() ? new String[0] : new String[] {command};
    Result result = run(seedWith(variable, value), args);

    assertThat(result.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(result.err())
        .isEqualTo(nl("danube-source-mqtt: invalid configuration (1 problem)", "  " + problem));
    assertThat(result.out()).isEmpty();
    assertThat(result.out() + result.err()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
  }

  @Test
  void reportsAllProblemsOfFileEnvironmentAndFlagsTogether() throws IOException {
    Path toml =
        Files.writeString(
            dir.resolve("connector.toml"),
            String.join(
                "\n",
                "connector_name = \"factory\"",
                "danube_service_url = \"http://127.0.0.1:6650\"",
                "",
                "[mqtt]",
                "host = \"127.0.0.1\"",
                "client_id = \"factory-1\"",
                "",
                "[[mqtt.routes]]",
                "from = \"factory/+/temperature\"",
                "to = \"/factory/temperature\"",
                "",
                "[[mqtt.routes]]",
                "from = \"a/b\"",
                "to = \"/mqtt/a/b\"",
                ""));
    Result result =
        run(
            Map.of("MQTT_BROKER_PORT", "70000"),
            "check",
            "--config",
            toml.toString(),
            "--danube-url",
            "localhost");

    assertThat(result.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(result.err())
        .isEqualTo(
            nl(
                "danube-source-mqtt: invalid configuration (3 problems)",
                "  --danube-url (command line): \"localhost\" is not a Danube service URL;"
                    + " expected http://host:port or https://host:port",
                "  MQTT_BROKER_PORT (env): \"70000\" is out of range [1, 65535]",
                "  mqtt.routes[1].to (connector.toml:14): \"/mqtt/a/b\" is not a Danube topic;"
                    + " expected /namespace/topic using letters, digits, '_' or '-'"));
  }

  // ---- print-config ---------------------------------------------------------------------------

  @Test
  void printConfigShowsValuesAndSourcesButNoSecrets() throws IOException {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Path toml =
        Files.writeString(
            dir.resolve("connector.toml"),
            "[mqtt]\nusername = \"svc\"\npassword = \"" + PASSWORD + "\"\nkeep_alive_secs = 30\n");
    Map<String, String> env =
        seedWith(
            "DANUBE_SERVICE_URL",
            "https://127.0.0.1:6650",
            "DANUBE_TOKEN_FILE",
            tokenFile.toString(),
            "CONNECTOR_CONFIG_PATH",
            toml.toString());

    Result result = run(env, "print-config", "--mqtt-port", "1999");

    assertThat(result.code()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .containsPattern("(?m)^MQTT_BROKER_PORT +1999 +command line$")
        .containsPattern("(?m)^MQTT_KEEP_ALIVE_SECS +30 +connector.toml:4$")
        .containsPattern("(?m)^MQTT_PASSWORD +\\[hidden\\] +connector.toml:3$")
        .containsPattern("(?m)^MQTT_USERNAME +svc +connector.toml:2$")
        .containsPattern("(?m)^DANUBE_TLS +true +default \\(https URL\\)$")
        .containsPattern(
            "(?m)^DANUBE_TOKEN_FILE +"
                + java.util.regex.Pattern.quote(tokenFile.toString())
                + " +env$")
        .containsPattern("(?m)^MQTT_CLEAN_SESSION +true +default$")
        .contains(
            "[0] sensors/# -> /mqtt/sensors_all (qos 1, partitions 0, reliable_dispatch true)");
    assertThat(result.out() + result.err()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
  }

  // ---- usage ----------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({"--no-such-flag", "check --mqtt-port", "frobnicate"})
  void usageErrorsExit2AndPointToHelp(String args) {
    Result result = run(SEED, args.split(" "));

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).endsWith("Try 'danube-source-mqtt --help'" + System.lineSeparator());
  }

  @Test
  void helpListsCommandsAndExitCodes() {
    Result result = run(Map.of(), "--help");

    assertThat(result.code()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .contains("check", "print-config", "run", "--mqtt-host", "--config", "78 invalid");
  }
}
