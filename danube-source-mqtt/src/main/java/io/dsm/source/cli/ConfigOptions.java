/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.connector.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Flags that override the environment, shared by every command. Values stay strings: the {@link
 * io.dsm.connector.config.ConfigLoader} validates them like any other source, so a bad flag value
 * is reported with all other configuration problems (exit 78).
 */
final class ConfigOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "TOML configuration file (overrides CONNECTOR_CONFIG_PATH)")
  String config;

  @Option(
      names = "--danube-url",
      paramLabel = "URL",
      description = "Danube broker URL (overrides DANUBE_SERVICE_URL)")
  String danubeUrl;

  @Option(
      names = "--connector-name",
      paramLabel = "NAME",
      description = "Connector name (overrides CONNECTOR_NAME)")
  String connectorName;

  @Option(
      names = "--mqtt-host",
      paramLabel = "HOST",
      description = "MQTT broker host (overrides MQTT_BROKER_HOST)")
  String mqttHost;

  @Option(
      names = "--mqtt-port",
      paramLabel = "PORT",
      description = "MQTT broker port (overrides MQTT_BROKER_PORT)")
  String mqttPort;

  @Option(
      names = "--mqtt-client-id",
      paramLabel = "ID",
      description = "MQTT client identifier (overrides MQTT_CLIENT_ID)")
  String mqttClientId;

  @Option(
      names = "--topics",
      paramLabel = "FILTERS",
      description = "Comma-separated MQTT topic filters (overrides MQTT_TOPICS)")
  String topics;

  @Option(
      names = "--danube-topic",
      paramLabel = "TOPIC",
      description = "Danube topic for every filter (overrides MQTT_DANUBE_TOPIC)")
  String danubeTopic;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "trace, debug, info, warn, error or off (overrides LOG_LEVEL)")
  String logLevel;

  /** The given flags by name, as {@link io.dsm.connector.config.ConfigLoader} takes them. */
  Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, Settings.CONNECTOR_CONFIG_PATH.flag(), config);
    put(flags, Settings.DANUBE_SERVICE_URL.flag(), danubeUrl);
    put(flags, Settings.CONNECTOR_NAME.flag(), connectorName);
    put(flags, Settings.MQTT_BROKER_HOST.flag(), mqttHost);
    put(flags, Settings.MQTT_BROKER_PORT.flag(), mqttPort);
    put(flags, Settings.MQTT_CLIENT_ID.flag(), mqttClientId);
    put(flags, Settings.MQTT_TOPICS.flag(), topics);
    put(flags, Settings.MQTT_DANUBE_TOPIC.flag(), danubeTopic);
    put(flags, Settings.LOG_LEVEL.flag(), logLevel);
    return flags;
  }

  /** These flags with {@code inner}'s given flags on top (a subcommand's flags win). */
  Map<String, String> merged(ConfigOptions inner) {
    Map<String, String> flags = flags();
    flags.putAll(inner.flags());
    return flags;
  }

  private static void put(Map<String, String> flags, String name, String value) {
    if (value != null) {
      flags.put(name, value);
    }
  }
}
