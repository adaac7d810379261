/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import io.dsm.connector.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Flags that override the environment; validated with everything else by the loader. */
final class SinkOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration file")
  String config;

  @Option(names = "--danube-url", paramLabel = "URL", description = "Danube broker URL")
  String danubeUrl;

  @Option(names = "--connector-name", paramLabel = "NAME", description = "Connector name")
  String connectorName;

  @Option(names = "--mqtt-host", paramLabel = "HOST", description = "MQTT broker host")
  String mqttHost;

  @Option(names = "--mqtt-port", paramLabel = "PORT", description = "MQTT broker port")
  String mqttPort;

  @Option(names = "--mqtt-client-id", paramLabel = "ID", description = "MQTT client identifier")
  String mqttClientId;

  @Option(
      names = "--danube-topics",
      paramLabel = "TOPICS",
      description = "Comma-separated Danube topics (overrides DANUBE_TOPICS)")
  String topics;

  @Option(names = "--log-level", paramLabel = "LEVEL", description = "Root log level")
  String logLevel;

  Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, Settings.CONNECTOR_CONFIG_PATH.flag(), config);
    put(flags, Settings.DANUBE_SERVICE_URL.flag(), danubeUrl);
    put(flags, Settings.CONNECTOR_NAME.flag(), connectorName);
    put(flags, Settings.MQTT_BROKER_HOST.flag(), mqttHost);
    put(flags, Settings.MQTT_BROKER_PORT.flag(), mqttPort);
    put(flags, Settings.MQTT_CLIENT_ID.flag(), mqttClientId);
    put(flags, Settings.DANUBE_TOPICS.flag(), topics);
    put(flags, Settings.LOG_LEVEL.flag(), logLevel);
    return flags;
  }

  Map<String, String> merged(SinkOptions inner) {
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
