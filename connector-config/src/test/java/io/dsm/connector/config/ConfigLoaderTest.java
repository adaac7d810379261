/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  /** The seed's required variables. */
  static final Map<String, String> SEED =
      Map.of(
          "DANUBE_SERVICE_URL", "http://localhost:6650",
          "CONNECTOR_NAME", "mqtt-iot-source",
          "MQTT_BROKER_HOST", "mqtt.example.com",
          "MQTT_CLIENT_ID", "danube-connector-1",
          "MQTT_TOPICS", "sensors/#,devices/+/data");

  @TempDir Path dir;
  Path pemFile;
  Path passwordFile;

  @BeforeEach
  void files() throws IOException {
    pemFile = Files.writeString(dir.resolve("some.pem"), "-----BEGIN CERTIFICATE-----\n");
    passwordFile = Files.writeString(dir.resolve("password"), "s3cret-from-file\n");
  }

  static LoadedConfig load(Map<String, String> env) throws InvalidConfigException {
    return ConfigLoader.load(EnvSource.of(env), Map.of());
  }

  static Map<String, String> seedWith(String overrides) {
    Map<String, String> env = new HashMap<>(SEED);
    if (!overrides.isBlank()) {
      for (String pair : overrides.split(";")) {
        int eq = pair.indexOf('=');
        env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
      }
    }
    return env;
  }

  static List<String> problemsOf(Map<String, String> env, Map<String, String> flags) {
    try {
      ConfigLoader.load(EnvSource.of(env), flags);
    } catch (InvalidConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("configuration was accepted: " + env + " " + flags);
  }

  private Path toml(String text) throws IOException {
    return Files.writeString(dir.resolve("connector.toml"), text, StandardCharsets.UTF_8);
  }

  // ---- defaults and values -------------------------------------------------------------------

  @Test
  void seedVariablesGiveTheSeedDefaults() throws Exception {
    ConnectorSettings s = load(SEED).settings();

    assertThat(s.connectorName()).isEqualTo("mqtt-iot-source");
    assertThat(s.danube())
        .isEqualTo(new DanubeSettings("http://localhost:6650", TlsSettings.DISABLED, null));
    assertThat(s.mqtt()).isEqualTo(SeedDefaults.mqtt("mqtt.example.com"));
    assertThat(s.routes())
        .containsExactly(
            new RouteSettings("sensors/#", "/mqtt/sensors_all", 1, 0, true),
            new RouteSettings("devices/+/data", "/mqtt/devices_any_data", 1, 0, true));
    assertThat(s.runtime())
        .isEqualTo(
            new RuntimeSettings(
                64,
                10_000,
                Duration.ofSeconds(30),
                9090,
                Duration.ofSeconds(60),
                "info",
                "text",
                Ordering.PER_TOPIC,
                RuntimeSettings.DEFAULT_MAX_IN_FLIGHT_BYTES,
                RuntimeSettings.DEFAULT_METRICS_BIND_ADDRESS,
                RuntimeSettings.DEFAULT_DYNAMIC_PRODUCER_CACHE));
  }

  @Test
  void everyOptionalVariableIsRead() throws Exception {
    Map<String, String> env = new HashMap<>(SEED);
    env.putAll(
        Map.ofEntries(
            Map.entry("MQTT_BROKER_PORT", "1999"),
            Map.entry("MQTT_USERNAME", "user"),
            Map.entry("MQTT_PASSWORD", "pw"),
            Map.entry("MQTT_QOS", "2"),
            Map.entry("MQTT_DANUBE_TOPIC", "/iot/data"),
            Map.entry("MQTT_PARTITIONS", "4"),
            Map.entry("MQTT_KEEP_ALIVE_SECS", "0"),
            Map.entry("MQTT_CLEAN_SESSION", "FALSE"),
            Map.entry("MQTT_INCLUDE_METADATA", "False"),
            Map.entry("MQTT_MAX_PACKET_SIZE", "1024"),
            Map.entry("MQTT_PROTOCOL_VERSION", "5"),
            Map.entry("RELIABLE_DISPATCH", "false"),
            Map.entry("MAX_IN_FLIGHT", "7"),
            Map.entry("QOS0_BUFFER", "8"),
            Map.entry("DRAIN_TIMEOUT_SECS", "0"),
            Map.entry("METRICS_PORT", "0"),
            Map.entry("STALL_TIMEOUT_SECS", "5"),
            Map.entry("LOG_LEVEL", "INFO"), // 'I' lower-cases to a dotless i in Turkish
            Map.entry("LOG_FORMAT", "JSON")));
    ConnectorSettings s = load(env).settings();

    assertThat(s.mqtt())
        .isEqualTo(
            new MqttSettings(
                "mqtt.example.com",
                1999,
                "danube-connector-1",
                "user",
                "pw",
                TlsSettings.DISABLED,
                0,
                false,
                false,
                1024,
                5,
                MqttSettings.defaultSessionExpiry(false),
                RetainHandling.SEND,
                null,
                false,
                null));
    assertThat(s.routes())
        .containsExactly(
            new RouteSettings("sensors/#", "/iot/data", 2, 4, false),
            new RouteSettings("devices/+/data", "/iot/data", 2, 4, false));
    assertThat(s.runtime())
        .isEqualTo(
            new RuntimeSettings(
                7,
                8,
                Duration.ZERO,
                0,
                Duration.ofSeconds(5),
                "info",
                "json",
                Ordering.PER_TOPIC,
                RuntimeSettings.DEFAULT_MAX_IN_FLIGHT_BYTES,
                RuntimeSettings.DEFAULT_METRICS_BIND_ADDRESS,
                RuntimeSettings.DEFAULT_DYNAMIC_PRODUCER_CACHE));
  }

  @Test
  void tlsChangesTheDefaultPortAndSaysWhy() throws Exception {
    LoadedConfig config = load(seedWith("MQTT_USE_TLS=true;MQTT_TLS_CA_FILE=" + pemFile));

    assertThat(config.settings().mqtt().port()).isEqualTo(8883);
    assertThat(config.settings().mqtt().tls())
        .isEqualTo(new TlsSettings(true, pemFile, null, null, false));
    assertThat(config.effective().entry(Settings.MQTT_BROKER_PORT).source())
        .hasToString("default (MQTT_USE_TLS=true)");
    assertThat(load(seedWith("MQTT_USE_TLS=true;MQTT_BROKER_PORT=1883")).settings().mqtt().port())
        .isEqualTo(1883);
  }

  @Test
  void httpsUrlImpliesTlsAndAllowsAToken() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), "eyJ.token.sig\r\n");
    ConnectorSettings s =
        load(seedWith("DANUBE_SERVICE_URL=https://danube:6650;DANUBE_TOKEN_FILE=" + tokenFile))
            .settings();

    assertThat(s.danube().tls().enabled()).isTrue();
    assertThat(s.danube().token()).isEqualTo("eyJ.token.sig");
  }

  @Test
  void mutualTlsAndPasswordFile() throws Exception {
    Path key = Files.writeString(dir.resolve("key.pem"), "k");
    ConnectorSettings s =
        load(seedWith(
                "MQTT_USE_TLS=true;MQTT_TLS_CERT_FILE="
                    + pemFile
                    + ";MQTT_TLS_KEY_FILE="
                    + key
                    + ";MQTT_TLS_INSECURE_SKIP_VERIFY=true;MQTT_USERNAME=u;MQTT_PASSWORD_FILE="
                    + passwordFile))
            .settings();

    assertThat(s.mqtt().tls()).isEqualTo(new TlsSettings(true, null, pemFile, key, true));
    assertThat(s.mqtt().password()).isEqualTo("s3cret-from-file");
  }

  @Test
  void pollIntervalIsAcceptedWithAWarningOnlyWhenSet() throws Exception {
    assertThat(load(SEED).warnings()).isEmpty();
    assertThat(load(seedWith("POLL_INTERVAL_MS=250")).warnings())
        .containsExactly(
            "POLL_INTERVAL_MS is set but has no effect: the MQTT client delivers messages as they"
                + " arrive (push), so there is nothing to poll");
  }

  @Test
  void emptyVariablesCountAsUnset() throws Exception {
    assertThat(load(seedWith("MQTT_BROKER_PORT=;MQTT_USERNAME=")).settings().mqtt())
        .extracting(MqttSettings::port, MqttSettings::username)
        .containsExactly(1883, null);
  }

  @Test
  void topicsAreTrimmedAroundCommas() throws Exception {
    assertThat(load(seedWith("MQTT_TOPICS= a/b , c/+ ")).settings().routes())
        .extracting(RouteSettings::from)
        .containsExactly("a/b", "c/+");
  }

  // ---- bad configurations, one problem each ---------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "MQTT_BROKER_PORT=70000 | MQTT_BROKER_PORT (env): \"70000\" is out of range [1, 65535]",
        "MQTT_BROKER_PORT=0     | MQTT_BROKER_PORT (env): \"0\" is out of range [1, 65535]",
        "MQTT_BROKER_PORT=abc   | MQTT_BROKER_PORT (env): \"abc\" is not an integer",
        "MQTT_BROKER_PORT=18.5  | MQTT_BROKER_PORT (env): \"18.5\" is not an integer",
        "MQTT_BROKER_PORT=99999999999999999999 | MQTT_BROKER_PORT (env): \"99999999999999999999\""
            + " is out of range [1, 65535]",
        "MQTT_QOS=3             | MQTT_QOS (env): \"3\" is out of range [0, 2]",
        "MQTT_QOS=-1            | MQTT_QOS (env): \"-1\" is out of range [0, 2]",
        "MQTT_KEEP_ALIVE_SECS=65536 | MQTT_KEEP_ALIVE_SECS (env): \"65536\" is out of range [0,"
            + " 65535]",
        "MQTT_MAX_PACKET_SIZE=0 | MQTT_MAX_PACKET_SIZE (env): \"0\" is out of range [1, 268435460]",
        "MAX_IN_FLIGHT=0        | MAX_IN_FLIGHT (env): \"0\" is out of range [1, 65535]",
        "METRICS_PORT=65536     | METRICS_PORT (env): \"65536\" is out of range [0, 65535]",
        "MQTT_USE_TLS=yes       | MQTT_USE_TLS (env): \"yes\" is not a boolean; expected true or"
            + " false",
        "MQTT_CLEAN_SESSION=1   | MQTT_CLEAN_SESSION (env): \"1\" is not a boolean; expected true or"
            + " false",
        "RELIABLE_DISPATCH=on   | RELIABLE_DISPATCH (env): \"on\" is not a boolean; expected true or"
            + " false",
        "MQTT_PROTOCOL_VERSION=4 | MQTT_PROTOCOL_VERSION (env): \"4\" is not one of 3, 5",
        "LOG_LEVEL=verbose      | LOG_LEVEL (env): \"verbose\" is not one of trace, debug, info,"
            + " warn, error, off",
        "LOG_FORMAT=xml         | LOG_FORMAT (env): \"xml\" is not one of text, json",
        "MQTT_TOPICS=a/#/b      | MQTT_TOPICS (env): \"a/#/b\" is not a valid MQTT topic filter; '#'"
            + " must be the last character and alone in its level",
        "MQTT_TOPICS=#a         | MQTT_TOPICS (env): \"#a\" is not a valid MQTT topic filter; '#'"
            + " must be the last character and alone in its level",
        "MQTT_TOPICS=a+         | MQTT_TOPICS (env): \"a+\" is not a valid MQTT topic filter; '+'"
            + " must be alone in its level",
        "MQTT_TOPICS=ok/#,+a    | MQTT_TOPICS (env): \"+a\" is not a valid MQTT topic filter; '+'"
            + " must be alone in its level",
        "MQTT_TOPICS=a/b,,c     | MQTT_TOPICS (env): \"\" is not a valid MQTT topic filter; a filter"
            + " must not be empty",
        "MQTT_TOPICS=a/b\u0000c | MQTT_TOPICS (env): \"a/b\\u0000c\" is not a valid MQTT topic"
            + " filter; it contains the NUL character (U+0000)",
        "MQTT_TOPICS=a/b,a_b    | MQTT_TOPICS (env): \"a_b\" derives the Danube topic /mqtt/a_b, as"
            + " \"a/b\" does; set MQTT_DANUBE_TOPIC or use [[mqtt.routes]] with explicit 'to'",
        "MQTT_TOPICS=a/+,a/any  | MQTT_TOPICS (env): \"a/any\" derives the Danube topic /mqtt/a_any,"
            + " as \"a/+\" does; set MQTT_DANUBE_TOPIC or use [[mqtt.routes]] with explicit 'to'",
        "MQTT_TOPICS=a/b,a/b    | MQTT_TOPICS (env): \"a/b\" is listed twice; only the first"
            + " matching route is used",
        "MQTT_DANUBE_TOPIC=/mqtt/a/b | MQTT_DANUBE_TOPIC (env): \"/mqtt/a/b\" is not a Danube"
            + " topic; expected /namespace/topic using letters, digits, '_' or '-'",
        "MQTT_DANUBE_TOPIC=iot/data | MQTT_DANUBE_TOPIC (env): \"iot/data\" is not a Danube topic;"
            + " expected /namespace/topic using letters, digits, '_' or '-'",
        "DANUBE_SERVICE_URL=     | DANUBE_SERVICE_URL (not set): is required; set"
            + " DANUBE_SERVICE_URL, --danube-url or danube_service_url in the configuration file",
        "CONNECTOR_NAME=         | CONNECTOR_NAME (not set): is required; set CONNECTOR_NAME,"
            + " --connector-name or connector_name in the configuration file",
        "MQTT_BROKER_HOST=       | MQTT_BROKER_HOST (not set): is required; set MQTT_BROKER_HOST,"
            + " --mqtt-host or mqtt.host in the configuration file",
        "MQTT_CLIENT_ID=         | MQTT_CLIENT_ID (not set): is required; set MQTT_CLIENT_ID,"
            + " --mqtt-client-id or mqtt.client_id in the configuration file",
        "MQTT_TOPICS=            | MQTT_TOPICS (not set): is required unless the configuration"
            + " file has [[mqtt.routes]]; set MQTT_TOPICS, --topics or mqtt.topics in the"
            + " configuration file",
        "DANUBE_SERVICE_URL=localhost:6650 | DANUBE_SERVICE_URL (env): \"localhost:6650\" is not a"
            + " Danube service URL; expected http://host:port or https://host:port",
        "DANUBE_SERVICE_URL=http://danube | DANUBE_SERVICE_URL (env): \"http://danube\" is not a"
            + " Danube service URL; expected http://host:port or https://host:port",
        "DANUBE_SERVICE_URL=grpc://danube:6650 | DANUBE_SERVICE_URL (env): \"grpc://danube:6650\""
            + " is not a Danube service URL; expected http://host:port or https://host:port",
        "MQTT_BROKER_HOST=tcp://broker:1883 | MQTT_BROKER_HOST (env): \"tcp://broker:1883\" is a"
            + " URL; expected a host name or IP address",
        "MQTT_BROKER_HOST=broker:1883 | MQTT_BROKER_HOST (env): \"broker:1883\" contains a port;"
            + " give the host only and the port in MQTT_BROKER_PORT",
        "CONNECTOR_NAME=my connector | CONNECTOR_NAME (env): \"my connector\" is not a connector"
            + " name; use 1 to 200 letters, digits, '.', '_' or '-'",
        "MQTT_TLS_CA_FILE=/nonexistent/ca.pem;MQTT_USE_TLS=true | MQTT_TLS_CA_FILE (env):"
            + " \"/nonexistent/ca.pem\" does not exist",
        "DANUBE_TOKEN=tok-123secret | DANUBE_TOKEN (env): needs TLS towards Danube (a token must"
            + " not travel in clear text); set DANUBE_TLS=true or use an https:// DANUBE_SERVICE_URL",
        "DANUBE_TLS=false;DANUBE_SERVICE_URL=https://d:6650 | DANUBE_TLS (env): is false but"
            + " DANUBE_SERVICE_URL starts with https://",
        "MQTT_PASSWORD=pw-123secret | MQTT_PASSWORD (env): is set without MQTT_USERNAME; MQTT 3.1.1"
            + " allows a password only with a user name",
        "`MQTT_PASSWORD=   ` | MQTT_PASSWORD (env): [hidden] is blank",
        "MQTT_TLS_INSECURE_SKIP_VERIFY=true | MQTT_TLS_INSECURE_SKIP_VERIFY (env): is true but"
            + " MQTT_USE_TLS is false",
      })
  void reportsEachBadSetting(String overrides, String expected) {
    List<String> problems = problemsOf(seedWith(overrides), Map.of());
    assertThat(problems).containsExactly(expected);
    assertThat(String.join("\n", problems)).doesNotContain("123secret");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MQTT_TLS_CERT_FILE | MQTT_USE_TLS=true | MQTT_TLS_CERT_FILE (env): is set without"
            + " MQTT_TLS_KEY_FILE; mutual TLS needs the client certificate and its private key",
        "MQTT_TLS_KEY_FILE  | MQTT_USE_TLS=true | MQTT_TLS_KEY_FILE (env): is set without"
            + " MQTT_TLS_CERT_FILE; mutual TLS needs the client certificate and its private key",
        "DANUBE_TLS_CERT_FILE | DANUBE_TLS=true | DANUBE_TLS_CERT_FILE (env): is set without"
            + " DANUBE_TLS_KEY_FILE; mutual TLS needs the client certificate and its private key",
        "MQTT_TLS_CA_FILE   | MQTT_USE_TLS=false | MQTT_TLS_CA_FILE (env): is set but MQTT_USE_TLS"
            + " is false",
        "DANUBE_TLS_CA_FILE | DANUBE_TLS=false | DANUBE_TLS_CA_FILE (env): is set but DANUBE_TLS"
            + " is false",
        "MQTT_PASSWORD_FILE | MQTT_USERNAME=u;MQTT_PASSWORD=pw-123secret | MQTT_PASSWORD_FILE"
            + " (env): is set together with MQTT_PASSWORD; set only one of them",
      })
  void reportsFileSettingProblems(String fileVariable, String overrides, String expected) {
    Map<String, String> env = seedWith(overrides);
    env.put(fileVariable, pemFile.toString());
    List<String> problems = problemsOf(env, Map.of());
    assertThat(problems).containsExactly(expected);
  }

  @Test
  void collectsEveryProblemInOneMessage() {
    assertThatThrownBy(
            () ->
                load(
                    seedWith(
                        "MQTT_BROKER_PORT=70000;MQTT_QOS=5;MQTT_TOPICS=a/#/b;CONNECTOR_NAME=")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            String.join(
                System.lineSeparator(),
                "invalid configuration (4 problems)",
                "  CONNECTOR_NAME (not set): is required; set CONNECTOR_NAME, --connector-name or"
                    + " connector_name in the configuration file",
                "  MQTT_TOPICS (env): \"a/#/b\" is not a valid MQTT topic filter; '#' must be the"
                    + " last character and alone in its level",
                "  MQTT_BROKER_PORT (env): \"70000\" is out of range [1, 65535]",
                "  MQTT_QOS (env): \"5\" is out of range [0, 2]"));
  }

  @Test
  void singleProblemHeaderIsSingular() {
    assertThatThrownBy(() -> load(seedWith("MQTT_QOS=5")))
        .hasMessageStartingWith("invalid configuration (1 problem)");
  }

  // ---- the TOML file -----------------------------------------------------------------------

  static final String EXAMPLE_TOML =
      String.join(
          "\n",
          "connector_name = \"factory\"", // 1
          "danube_service_url = \"http://localhost:6650\"", // 2
          "", // 3
          "[mqtt]", // 4
          "host = \"mqtt.local\"", // 5
          "client_id = \"factory-1\"", // 6
          "", // 7
          "[[mqtt.routes]]", // 8
          "from = \"factory/+/temperature\"", // 9
          "to = \"/factory/temperature\"", // 10
          "", // 11
          "[[mqtt.routes]]", // 12
          "from = \"a/b\"", // 13
          "to = \"/mqtt/a/b\"", // 14
          "");

  @Test
  void reproducesTheArchitectureExample() throws Exception {
    Path file = toml(EXAMPLE_TOML);
    Map<String, String> env =
        Map.of("CONNECTOR_CONFIG_PATH", file.toString(), "MQTT_BROKER_PORT", "70000");

    assertThatThrownBy(() -> load(env))
        .hasMessage(
            String.join(
                System.lineSeparator(),
                "invalid configuration (2 problems)",
                "  MQTT_BROKER_PORT (env): \"70000\" is out of range [1, 65535]",
                "  mqtt.routes[1].to (connector.toml:14): \"/mqtt/a/b\" is not a Danube topic;"
                    + " expected /namespace/topic using letters, digits, '_' or '-'"));
  }

  @Test
  void readsRoutesFromTheFile() throws Exception {
    Path file =
        toml(
            EXAMPLE_TOML.replace("/mqtt/a/b", "/mqtt/ab")
                + "\n[[mqtt.routes]]\nfrom = \"sensors/#\"\nqos = 0\npartitions = 3\n"
                + "reliable_dispatch = false\n");
    LoadedConfig config = load(Map.of("CONNECTOR_CONFIG_PATH", file.toString()));

    assertThat(config.settings().routes())
        .containsExactly(
            new RouteSettings("factory/+/temperature", "/factory/temperature", 1, 0, true),
            new RouteSettings("a/b", "/mqtt/ab", 1, 0, true),
            new RouteSettings("sensors/#", "/mqtt/sensors_all", 0, 3, false));
    assertThat(config.effective().routes())
        .extracting(r -> r.key() + " " + r.source())
        .containsExactly(
            "mqtt.routes[0] connector.toml:8",
            "mqtt.routes[1] connector.toml:12",
            "mqtt.routes[2] connector.toml:16");
    assertThat(config.settings().connectorName()).isEqualTo("factory");
  }

  @Test
  void precedenceIsDefaultThenFileThenEnvThenFlag() throws Exception {
    Path file =
        toml(
            EXAMPLE_TOML
                .replace("/mqtt/a/b", "/mqtt/ab")
                .replace("client_id = \"factory-1\"", "client_id = \"f\"\nport = 1884"));
    Map<String, String> env = new HashMap<>();
    env.put("CONNECTOR_CONFIG_PATH", file.toString());

    LoadedConfig fromFile = load(env);
    assertThat(fromFile.settings().mqtt().port()).isEqualTo(1884);
    assertThat(fromFile.effective().entry(Settings.MQTT_BROKER_PORT).source())
        .hasToString("connector.toml:7");
    assertThat(fromFile.effective().entry(Settings.MQTT_KEEP_ALIVE_SECS).source())
        .hasToString("default");

    env.put("MQTT_BROKER_PORT", "1885");
    LoadedConfig fromEnv = load(env);
    assertThat(fromEnv.settings().mqtt().port()).isEqualTo(1885);
    assertThat(fromEnv.effective().entry(Settings.MQTT_BROKER_PORT).source()).hasToString("env");

    LoadedConfig fromFlag = ConfigLoader.load(EnvSource.of(env), Map.of("--mqtt-port", "1886"));
    assertThat(fromFlag.settings().mqtt().port()).isEqualTo(1886);
    assertThat(fromFlag.effective().entry(Settings.MQTT_BROKER_PORT).source())
        .hasToString("command line");
  }

  @Test
  void configFlagBeatsTheEnvironmentVariable() throws Exception {
    Path file = toml(EXAMPLE_TOML.replace("/mqtt/a/b", "/mqtt/ab"));
    LoadedConfig config =
        ConfigLoader.load(
            EnvSource.of(Map.of("CONNECTOR_CONFIG_PATH", "/does/not/exist.toml")),
            Map.of("--config", file.toString()));
    assertThat(config.settings().connectorName()).isEqualTo("factory");
  }

  @Test
  void topicsFromTheEnvironmentReplaceFileRoutesWithAWarning() throws Exception {
    Path file = toml(EXAMPLE_TOML.replace("/mqtt/a/b", "/mqtt/ab"));
    LoadedConfig config =
        load(Map.of("CONNECTOR_CONFIG_PATH", file.toString(), "MQTT_TOPICS", "x/#"));

    assertThat(config.settings().routes())
        .containsExactly(new RouteSettings("x/#", "/mqtt/x_all", 1, 0, true));
    assertThat(config.warnings())
        .containsExactly("MQTT_TOPICS (env) replaces the [[mqtt.routes]] of connector.toml");
  }

  @Test
  void routeDefaultsComeFromTheSettings() throws Exception {
    Path file =
        toml(
            EXAMPLE_TOML
                .replace("to = \"/mqtt/a/b\"\n", "")
                .replace("to = \"/factory/temperature\"\n", "qos = 2\n"));
    LoadedConfig config =
        load(
            Map.of(
                "CONNECTOR_CONFIG_PATH",
                file.toString(),
                "MQTT_DANUBE_TOPIC",
                "/iot/all",
                "MQTT_QOS",
                "0"));
    assertThat(config.settings().routes())
        .containsExactly(
            new RouteSettings("factory/+/temperature", "/iot/all", 2, 0, true),
            new RouteSettings("a/b", "/iot/all", 0, 0, true));
  }

  @Test
  void topicsMayBeATomlArray() throws Exception {
    Path file =
        toml(
            "connector_name = \"x\"\ndanube_service_url = \"http://h:1\"\n[mqtt]\nhost = \"h\"\n"
                + "client_id = \"c\"\ntopics = [\"a,b/c\", \"d/#\"]\n");
    assertThat(load(Map.of("CONNECTOR_CONFIG_PATH", file.toString())).settings().routes())
        .extracting(RouteSettings::from, RouteSettings::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a,b/c", "/mqtt/a-b_c"),
            org.assertj.core.groups.Tuple.tuple("d/#", "/mqtt/d_all"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // replace | with | expected problem
        "host = \"mqtt.local\" | host = \"mqtt.local\"\\nhots = \"x\" | mqtt.hots (connector.toml:6):"
            + " unknown key; did you mean mqtt.host?",
        "host = \"mqtt.local\" | host = \"mqtt.local\"\\ncolour = 1 | mqtt.colour"
            + " (connector.toml:6): unknown key",
        "connector_name = \"factory\" | connector_name = \"factory\"\\nhost = \"x\" | host"
            + " (connector.toml:2): unknown key; did you mean mqtt.host?",
        "from = \"a/b\" | from = \"a/b\"\\nqso = 1 | mqtt.routes[1].qso (connector.toml:14): unknown"
            + " key; did you mean mqtt.routes[1].qos?",
        "host = \"mqtt.local\" | host = \"mqtt.local\"\\nport = 70000 | mqtt.port"
            + " (connector.toml:6): \"70000\" is out of range [1, 65535]",
        "host = \"mqtt.local\" | host = \"mqtt.local\"\\nport = [1883] | mqtt.port"
            + " (connector.toml:6): has the wrong type: it is an array; expected integer in [1,"
            + " 65535]",
        "host = \"mqtt.local\" | host = \"mqtt.local\"\\nuse_tls = \"yes\" | mqtt.use_tls"
            + " (connector.toml:6): has the wrong type: \"yes\" is a string; expected true or"
            + " false, without quotes",
        "host = \"mqtt.local\" | host = \"mqtt.local\"\\npassword = \" \" | mqtt.password"
            + " (connector.toml:6): [hidden] is blank",
        "from = \"a/b\" | from = \"a/+b\" | mqtt.routes[1].from (connector.toml:13): \"a/+b\" is"
            + " not a valid MQTT topic filter; '+' must be alone in its level",
        "from = \"a/b\" | from = \"a/b\"\\nqos = 3 | mqtt.routes[1].qos (connector.toml:14): \"3\""
            + " is out of range [0, 2]",
        "from = \"a/b\" | # no filter | mqtt.routes[1] (connector.toml:12): has no 'from'; every"
            + " route needs an MQTT topic filter",
        "from = \"a/b\" | from = \"factory/+/temperature\" | mqtt.routes[1].from"
            + " (connector.toml:13): \"factory/+/temperature\" is already the filter of"
            + " mqtt.routes[0]; only the first matching route is used",
        "to = \"/mqtt/a/b\" | to = \"/factory/temperature\"\\npartitions = 2 |"
            + " mqtt.routes[1].partitions (connector.toml:15): 2 differs from 0 of mqtt.routes[0],"
            + " which sends to the same Danube topic /factory/temperature; a topic has one"
            + " partition count",
        "to = \"/mqtt/a/b\" | to = \"/factory/temperature\"\\nreliable_dispatch = false |"
            + " mqtt.routes[1].reliable_dispatch (connector.toml:15): false differs from true of"
            + " mqtt.routes[0], which sends to the same Danube topic /factory/temperature; a topic"
            + " has one dispatch mode",
        "[mqtt] | [mqtt]\\ntopics = \"x/#\" | mqtt.topics (connector.toml:5): is set together with"
            + " [[mqtt.routes]] in the same file; use one of them",
      })
  void reportsFileProblemsWithTheirLine(String replace, String with, String expected)
      throws Exception {
    String text =
        EXAMPLE_TOML.replace("/mqtt/a/b", "/mqtt/ab").replace(replace, with.replace("\\n", "\n"));
    if (replace.startsWith("to = \"/mqtt/a/b\"")) {
      text = EXAMPLE_TOML.replace(replace, with.replace("\\n", "\n"));
    }
    Path file = toml(text);
    assertThat(problemsOf(Map.of("CONNECTOR_CONFIG_PATH", file.toString()), Map.of()))
        .containsExactly(expected);
  }

  @Test
  void aMistypedKeyAlsoLeavesItsSettingUnset() throws Exception {
    Path file =
        toml(
            EXAMPLE_TOML
                .replace("/mqtt/a/b", "/mqtt/ab")
                .replace("host =", "hots =")
                .replace("from = \"a/b\"", "form = \"a/b\""));
    assertThat(problemsOf(Map.of("CONNECTOR_CONFIG_PATH", file.toString()), Map.of()))
        .containsExactly(
            "MQTT_BROKER_HOST (not set): is required; set MQTT_BROKER_HOST, --mqtt-host or"
                + " mqtt.host in the configuration file",
            "mqtt.routes[1] (connector.toml:12): has no 'from'; every route needs an MQTT topic"
                + " filter",
            "mqtt.hots (connector.toml:5): unknown key; did you mean mqtt.host?",
            "mqtt.routes[1].form (connector.toml:13): unknown key; did you mean"
                + " mqtt.routes[1].from?");
  }

  @Test
  void derivedNameCollisionBetweenFileRoutes() throws Exception {
    Path file =
        toml(
            EXAMPLE_TOML
                .replace("to = \"/factory/temperature\"\n", "")
                .replace("from = \"factory/+/temperature\"", "from = \"a_b\"")
                .replace("to = \"/mqtt/a/b\"\n", ""));
    assertThat(problemsOf(Map.of("CONNECTOR_CONFIG_PATH", file.toString()), Map.of()))
        .containsExactly(
            "mqtt.routes[1].from (connector.toml:12): \"a/b\" derives the Danube topic /mqtt/a_b,"
                + " as \"a_b\" does; give one of these routes an explicit 'to'");
  }

  @Test
  void routesMustBeAnArrayOfTables() throws Exception {
    Path file =
        toml(
            "connector_name = \"x\"\ndanube_service_url = \"http://h:1\"\n[mqtt]\nhost = \"h\"\n"
                + "client_id = \"c\"\n[mqtt.routes]\nfrom = \"a\"\n");
    assertThat(problemsOf(Map.of("CONNECTOR_CONFIG_PATH", file.toString()), Map.of()))
        .containsExactly(
            "mqtt.routes (connector.toml:6): must be an array of tables; write each entry as"
                + " [[mqtt.routes]]");
  }

  @Test
  void invalidTomlNamesFileAndLine() throws Exception {
    Path file = toml("connector_name = \"x\"\n[mqtt\nhost = 1\n");
    List<String> problems = problemsOf(Map.of("CONNECTOR_CONFIG_PATH", file.toString()), Map.of());
    assertThat(problems.get(0))
        .startsWith(
            "CONNECTOR_CONFIG_PATH (connector.toml:2): \"connector.toml\" is not valid TOML");
  }

  @Test
  void missingConfigFileIsAProblemOfItsFlag() {
    assertThat(problemsOf(SEED, Map.of("--config", "/nope/connector.toml")))
        .containsExactly("--config (command line): \"/nope/connector.toml\" does not exist");
  }

  @Test
  void secretsInTheFileAreNeverInMessagesOrEffectiveConfig() throws Exception {
    Path file =
        toml(
            EXAMPLE_TOML.replace("/mqtt/a/b", "/mqtt/ab")
                + "\n[danube]\ntoken = \"tok-123secret\"\n");
    Map<String, String> env =
        Map.of("CONNECTOR_CONFIG_PATH", file.toString(), "MQTT_PASSWORD", "pw-123secret");
    List<String> problems = problemsOf(env, Map.of());
    assertThat(problems)
        .containsExactly(
            "MQTT_PASSWORD (env): is set without MQTT_USERNAME; MQTT 3.1.1 allows a password only"
                + " with a user name",
            "danube.token (connector.toml:17): needs TLS towards Danube (a token must not travel"
                + " in clear text); set DANUBE_TLS=true or use an https:// DANUBE_SERVICE_URL");

    Map<String, String> fixed = new HashMap<>(env);
    fixed.put("MQTT_USERNAME", "u");
    fixed.put("DANUBE_TLS", "true");
    LoadedConfig config = load(fixed);
    assertThat(config.settings().danube().token()).isEqualTo("tok-123secret");
    String rendered = config.effective().render();
    assertThat(rendered).doesNotContain("123secret").contains("[hidden]");
    assertThat(config.settings().toString()).doesNotContain("123secret");
  }

  @Test
  void warnsWhenOneTargetIsANamePrefixOfAnother() throws Exception {
    assertThat(load(seedWith("MQTT_TOPICS=sensors,sensors/#")).warnings())
        .containsExactly(
            "Danube topics /mqtt/sensors and /mqtt/sensors_all: Danube cannot auto-create"
                + " /mqtt/sensors once /mqtt/sensors_all exists (it treats /mqtt/sensors as a"
                + " partition base name); create both in advance or rename one");
  }

  @Test
  void theReadmeExampleFileLoads() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("```toml\n") + "```toml\n".length();
    Path file = toml(readme.substring(start, readme.indexOf("```", start)));

    LoadedConfig config = load(Map.of("CONNECTOR_CONFIG_PATH", file.toString()));

    assertThat(config.settings().routes())
        .containsExactly(
            new RouteSettings("factory/+/sensors/temperature", "/factory/temperature", 1, 3, true),
            new RouteSettings("factory/+/alerts", "/mqtt/factory_any_alerts", 1, 0, true));
    assertThat(config.warnings()).isEmpty();
  }
}
