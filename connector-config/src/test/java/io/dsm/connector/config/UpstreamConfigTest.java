/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Rust connector's own configuration files (src/test/resources/upstream, see its README) load
 * unchanged: every key maps to a setting or is accepted with a warning.
 */
class UpstreamConfigTest {
  private static final Path EXAMPLE = Path.of("src/test/resources/upstream/connector.toml");
  private static final Path WITH_SCHEMAS =
      Path.of("src/test/resources/upstream/connector-with-schemas.toml");

  @TempDir Path dir;

  static LoadedConfig load(Path file) throws InvalidConfigException {
    return ConfigLoader.load(
        EnvSource.of(Map.of("CONNECTOR_CONFIG_PATH", file.toString())), Map.of());
  }

  @Test
  void theExampleFileLoadsWithItsValues() throws Exception {
    LoadedConfig config = load(EXAMPLE);
    ConnectorSettings s = config.settings();

    assertThat(s.connectorName()).isEqualTo("mqtt-iot-source");
    assertThat(s.danube().serviceUrl()).isEqualTo("http://danube-broker:6650");
    assertThat(s.mqtt()).isEqualTo(SeedDefaults.mqtt("mosquitto"));
    assertThat(s.runtime().metricsPort()).isEqualTo(9090);
    assertThat(s.runtime().logLevel()).isEqualTo("info");
    // Upstream names its QoS levels; 'reliable_dispatch' is left to RELIABLE_DISPATCH (true).
    assertThat(s.routes())
        .containsExactly(
            new RouteSettings("sensors/+/zone1", "/iot/sensors_zone1", 1, 4, true),
            new RouteSettings("devices/+/telemetry", "/iot/device_telemetry", 1, 2, true),
            new RouteSettings("sensors/temp/#", "/iot/temperature", 1, 0, true),
            new RouteSettings("debug/#", "/iot/debug", 0, 0, true));
    assertThat(s.schemas())
        .extracting(
            SchemaSettings::topic,
            SchemaSettings::subject,
            SchemaSettings::type,
            SchemaSettings::versionStrategy,
            SchemaSettings::autoRegister,
            SchemaSettings::validationPolicy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "/iot/sensors_zone1",
                "sensor-telemetry-v1",
                SchemaType.JSON_SCHEMA,
                VersionStrategy.LATEST,
                true,
                ValidationPolicy.NONE),
            org.assertj.core.groups.Tuple.tuple(
                "/iot/device_telemetry",
                "device-telemetry-v1",
                SchemaType.JSON_SCHEMA,
                VersionStrategy.LATEST,
                true,
                ValidationPolicy.NONE),
            org.assertj.core.groups.Tuple.tuple(
                "/iot/debug",
                "debug-logs",
                SchemaType.STRING,
                VersionStrategy.LATEST,
                true,
                ValidationPolicy.NONE));
    assertThat(s.schemas().get(0).definition())
        .isEqualTo(
            Files.readString(
                Path.of("src/test/resources/upstream/schemas/sensor-data.json"),
                StandardCharsets.UTF_8));
    assertThat(s.schemas().get(2).schemaFile()).isNull();
    assertThat(s.schemas().get(2).definition()).isEmpty();
  }

  @Test
  void upstreamKeysShowTheirSourceLineInPrintConfig() throws Exception {
    EffectiveConfig effective = load(EXAMPLE).effective();

    assertThat(effective.entry(Settings.MQTT_BROKER_HOST).source())
        .hasToString("connector.toml:49");
    assertThat(effective.entry(Settings.MQTT_BROKER_PORT).source())
        .hasToString("connector.toml:50");
    assertThat(effective.entry(Settings.METRICS_PORT).source()).hasToString("connector.toml:40");
    assertThat(effective.entry(Settings.LOG_LEVEL).source()).hasToString("connector.toml:41");
    assertThat(effective.entry(Settings.POLL_INTERVAL_MS).source())
        .hasToString("connector.toml:39");
    assertThat(effective.render())
        .contains("MQTT_BROKER_HOST ")
        .contains("connector.toml:49")
        .contains("sensors/+/zone1 -> /iot/sensors_zone1 (qos 1, partitions 4")
        .contains("/iot/debug: subject debug-logs, string, version latest");
  }

  @Test
  void keysWithoutEffectAreWarnedAboutOneLineEach() throws Exception {
    assertThat(load(EXAMPLE).warnings())
        .containsExactlyInAnyOrder(
            "retry.max_retries (connector.toml:31) "
                + UpstreamKeys.WITHOUT_EFFECT.get("retry.max_retries"),
            "retry.retry_backoff_ms (connector.toml:32) "
                + UpstreamKeys.WITHOUT_EFFECT.get("retry.retry_backoff_ms"),
            "retry.max_backoff_ms (connector.toml:33) "
                + UpstreamKeys.WITHOUT_EFFECT.get("retry.max_backoff_ms"),
            "processing.batch_size (connector.toml:37) has no effect: messages are sent to Danube"
                + " one by one as they arrive, up to MAX_IN_FLIGHT at a time (no batching)",
            "processing.batch_timeout_ms (connector.toml:38) "
                + UpstreamKeys.WITHOUT_EFFECT.get("processing.batch_timeout_ms"),
            "mqtt.connection_timeout_secs (connector.toml:62) has no effect: this connector has no"
                + " MQTT connection-timeout setting",
            "processing.poll_interval_ms (connector.toml:39) has no effect: the MQTT client"
                + " delivers messages as they arrive (push), so there is nothing to poll");
    assertThat(load(EXAMPLE).warnings()).allMatch(w -> !w.contains("\n"));
  }

  @Test
  void theSchemaExampleFileLoadsWithItsValues() throws Exception {
    LoadedConfig config = load(WITH_SCHEMAS);
    ConnectorSettings s = config.settings();

    assertThat(s.connectorName()).isEqualTo("mqtt-schema-example");
    assertThat(s.mqtt().host()).isEqualTo("mosquitto");
    assertThat(s.mqtt().clientId()).isEqualTo("mqtt-schema-connector");
    assertThat(s.routes())
        .containsExactly(
            new RouteSettings("sensors/#", "/iot/sensors", 1, 8, true),
            new RouteSettings("devices/+/status", "/iot/status", 1, 4, true),
            new RouteSettings("devices/+/logs", "/iot/logs", 0, 1, true),
            new RouteSettings("devices/+/binary", "/iot/binary", 1, 4, true),
            new RouteSettings("metrics/+", "/iot/metrics", 1, 2, true),
            new RouteSettings("debug/#", "/iot/debug", 0, 1, true));
    assertThat(s.schemas())
        .extracting(SchemaSettings::topic, SchemaSettings::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/iot/sensors", SchemaType.JSON_SCHEMA),
            org.assertj.core.groups.Tuple.tuple("/iot/status", SchemaType.JSON_SCHEMA),
            org.assertj.core.groups.Tuple.tuple("/iot/logs", SchemaType.STRING),
            org.assertj.core.groups.Tuple.tuple("/iot/binary", SchemaType.BYTES),
            org.assertj.core.groups.Tuple.tuple("/iot/metrics", SchemaType.NUMBER));
    assertThat(s.schemaFor("/iot/debug")).isEmpty();
    assertThat(config.warnings())
        .containsExactlyInAnyOrder(
            "processing.batch_size (connector-with-schemas.toml:18) "
                + UpstreamKeys.WITHOUT_EFFECT.get("processing.batch_size"),
            "processing.poll_interval_ms (connector-with-schemas.toml:19) has no effect: the MQTT"
                + " client delivers messages as they arrive (push), so there is nothing to poll");
  }

  @Test
  void environmentOverridesTheUpstreamFileAsUpstreamDocumentsIt() throws Exception {
    LoadedConfig config =
        ConfigLoader.load(
            EnvSource.of(
                Map.of(
                    "CONNECTOR_CONFIG_PATH",
                    EXAMPLE.toString(),
                    "MQTT_BROKER_HOST",
                    "broker.prod",
                    "MQTT_USERNAME",
                    "user",
                    "MQTT_PASSWORD",
                    "pw-123secret")),
            Map.of());
    assertThat(config.settings().mqtt().host()).isEqualTo("broker.prod");
    assertThat(config.settings().mqtt().password()).isEqualTo("pw-123secret");
    assertThat(config.effective().entry(Settings.MQTT_BROKER_HOST).source()).hasToString("env");
  }

  @ParameterizedTest(name = "{0} and {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[mqtt]\\nhost = \"a\"\\nbroker_host = \"b\" | mqtt.broker_host (connector.toml:5): is set"
            + " together with mqtt.host (connector.toml:4); both set MQTT_BROKER_HOST, keep one of"
            + " them",
        "[mqtt]\\nbroker_port = 1884\\nport = 1885 | mqtt.broker_port (connector.toml:4): is set"
            + " together with mqtt.port (connector.toml:5); both set MQTT_BROKER_PORT, keep one of"
            + " them",
        "[runtime]\\nmetrics_port = 1\\n[processing]\\nmetrics_port = 2 |"
            + " processing.metrics_port (connector.toml:6): is set together with"
            + " runtime.metrics_port (connector.toml:4); both set METRICS_PORT, keep one of them",
        "[processing]\\nlog_level = \"debug\"\\n[runtime]\\nlog_level = \"info\" |"
            + " processing.log_level (connector.toml:4): is set together with runtime.log_level"
            + " (connector.toml:6); both set LOG_LEVEL, keep one of them",
      })
  void bothSpellingsOfOneSettingAreAnError(String extra, String expected) throws IOException {
    String text =
        "connector_name = \"c\"\ndanube_service_url = \"http://d:1\"\n"
            + extra.replace("\\n", "\n")
            + "\n[mqtt]\nclient_id = \"x\"\ntopics = \"a/#\"\n";
    // The fragments may open [mqtt] themselves; TOML forbids a table twice, so merge them.
    if (extra.startsWith("[mqtt]")) {
      text =
          "connector_name = \"c\"\ndanube_service_url = \"http://d:1\"\n"
              + extra.replace("\\n", "\n")
              + "\nclient_id = \"x\"\ntopics = \"a/#\"\n";
    }
    Path file = Files.writeString(dir.resolve("connector.toml"), text, StandardCharsets.UTF_8);
    List<String> problems =
        ConfigLoaderTest.problemsOf(Map.of("CONNECTOR_CONFIG_PATH", file.toString()), Map.of());
    assertThat(problems).contains(expected);
  }

  @ParameterizedTest(name = "qos = {0}")
  @CsvSource({
    "0, 0",
    "1, 1",
    "2, 2",
    "'\"AtMostOnce\"', 0",
    "'\"AtLeastOnce\"', 1",
    "'\"ExactlyOnce\"', 2",
    "'\"exactlyonce\"', 2",
  })
  void routeQosAcceptsNumbersAndUpstreamNames(String written, int expected) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("connector.toml"),
            "connector_name = \"c\"\ndanube_service_url = \"http://d:1\"\n[mqtt]\nhost = \"h\"\n"
                + "client_id = \"x\"\n[[mqtt.routes]]\nfrom = \"a/#\"\nto = \"/iot/a\"\nqos = "
                + written
                + "\n",
            StandardCharsets.UTF_8);
    assertThat(load(file).settings().routes().get(0).qos()).isEqualTo(expected);
  }

  @Test
  void qosNamesWorkInTheEnvironmentToo() throws Exception {
    Map<String, String> env = ConfigLoaderTest.seedWith("MQTT_QOS=AtMostOnce");
    assertThat(ConfigLoaderTest.load(env).settings().routes()).allMatch(r -> r.qos() == 0);
    assertThat(ConfigLoaderTest.problemsOf(ConfigLoaderTest.seedWith("MQTT_QOS=Twice"), Map.of()))
        .containsExactly(
            "MQTT_QOS (env): \"Twice\" is not a QoS; expected 0, 1, 2, AtMostOnce, AtLeastOnce or"
                + " ExactlyOnce");
  }
}
