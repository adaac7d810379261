/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.connector.MqttSourceConnector;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.EffectiveConfig;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.InvalidConfigException;
import io.dsm.connector.config.Settings;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ConfigFlag;
import io.dsm.runtime.cli.ConnectorCli;
import io.dsm.runtime.danube.DanubeConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The MQTT source connector as its command line runs, checks and prints it. */
final class SourceCli implements ConnectorCli<ConnectorSettings> {
  static final String NAME = "danube-source-mqtt";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String noun() {
    return "connector";
  }

  @Override
  public String[] description() {
    return new String[] {
      "MQTT source connector for Danube: subscribes to MQTT topic filters and publishes every"
          + " message to Danube, acknowledging MQTT only after Danube stored it.",
      "",
      "Configuration comes from environment variables (see the README), an optional TOML file"
          + " (--config or CONNECTOR_CONFIG_PATH) and the flags below; flags win over the"
          + " environment, which wins over the file."
    };
  }

  @Override
  public List<ConfigFlag> flags() {
    return List.of(
        new ConfigFlag(Settings.MQTT_TOPICS, "FILTERS", "Comma-separated MQTT topic filters"),
        new ConfigFlag(Settings.MQTT_DANUBE_TOPIC, "TOPIC", "Danube topic for every filter"));
  }

  @Override
  public String connectHelp() {
    return "Also connect to the MQTT broker (as <client id>-check, without subscribing) and look up"
        + " the target and dead-letter topics and the schema subjects in Danube, with the"
        + " configured TLS, credentials and token.";
  }

  @Override
  public Loaded<ConnectorSettings> load(EnvSource env, Map<String, String> flags)
      throws InvalidConfigException {
    return Loaded.of(ConfigLoader.load(env, flags));
  }

  @Override
  public ConnectorSettings common(ConnectorSettings settings) {
    return settings;
  }

  @Override
  public List<String> routeLines(Loaded<ConnectorSettings> config) {
    return config.effective().routes().stream().map(EffectiveConfig.RouteLine::describe).toList();
  }

  @Override
  public String startSummary(ConnectorSettings settings) {
    return "MQTT "
        + settings.mqtt().host()
        + ":"
        + settings.mqtt().port()
        + ", Danube "
        + settings.danube().serviceUrl()
        + ", "
        + settings.routes().size()
        + " route(s)";
  }

  @Override
  public Handle create(ConnectorSettings settings) {
    MqttSourceConnector connector = new MqttSourceConnector(settings);
    return Handle.of(connector::start, connector::terminated, connector::close);
  }

  /** Looks up the route targets in Danube (TLS, token; nothing is produced). */
  @Override
  public List<String> checkDanube(ConnectorSettings settings, Duration timeout)
      throws ConnectorStartException {
    List<String> lines = new ArrayList<>();
    List<String> targets =
        DanubeConnection.check(
            settings.danube(),
            settings.connectorName(),
            settings.routes(),
            settings.schemas(),
            timeout);
    lines.add(
        "Danube ok: "
            + settings.danube().serviceUrl()
            + " answered"
            + (settings.danube().token() == null ? "" : " and accepted the token")
            + (settings.danube().tls().enabled() ? " over TLS" : ""));
    targets.forEach(l -> lines.add("  " + l));
    return lines;
  }
}
