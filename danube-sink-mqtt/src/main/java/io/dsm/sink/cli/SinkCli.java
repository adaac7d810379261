/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import io.dsm.common.failure.Failures;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.InvalidConfigException;
import io.dsm.connector.config.Settings;
import io.dsm.connector.config.SinkRouteSettings;
import io.dsm.connector.config.SinkSettings;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ConfigFlag;
import io.dsm.runtime.cli.ConnectorCli;
import io.dsm.runtime.danube.DanubeConnection;
import io.dsm.sink.MqttSinkConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The Danube → MQTT sink as its command line runs, checks and prints it. */
final class SinkCli implements ConnectorCli<SinkSettings> {
  static final String NAME = "danube-sink-mqtt";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String noun() {
    return "sink";
  }

  @Override
  public String[] description() {
    return new String[] {
      "MQTT sink connector for Danube: consumes Danube topics and publishes every message to an"
          + " MQTT broker, acknowledging Danube only after the broker acknowledged the PUBLISH.",
      "",
      "Configuration comes from environment variables (see the README), an optional TOML file"
          + " (--config or CONNECTOR_CONFIG_PATH) and the flags below."
    };
  }

  @Override
  public List<ConfigFlag> flags() {
    return List.of(
        new ConfigFlag(Settings.DANUBE_TOPICS, "TOPICS", "Comma-separated Danube topics"));
  }

  @Override
  public String connectHelp() {
    return "Also connect to the MQTT broker (as <client id>-check) and look up the consumed topics"
        + " in Danube, with the configured TLS, credentials and token.";
  }

  @Override
  public Loaded<SinkSettings> load(EnvSource env, Map<String, String> flags)
      throws InvalidConfigException {
    return Loaded.of(ConfigLoader.loadSink(env, flags));
  }

  @Override
  public ConnectorSettings common(SinkSettings settings) {
    return settings.common();
  }

  @Override
  public List<String> routeLines(Loaded<SinkSettings> config) {
    return config.settings().routes().stream().map(SinkRouteSettings::describe).toList();
  }

  /** The settings with their sources, then the routes (the sink's are not in the table). */
  @Override
  public String render(Loaded<SinkSettings> config) {
    StringBuilder text = new StringBuilder(config.effective().render());
    text.append("routes:").append(System.lineSeparator());
    routeLines(config).forEach(r -> text.append("  ").append(r).append(System.lineSeparator()));
    return text.toString();
  }

  @Override
  public String startSummary(SinkSettings settings) {
    return "Danube "
        + settings.danube().serviceUrl()
        + ", MQTT "
        + settings.mqtt().host()
        + ":"
        + settings.mqtt().port()
        + ", "
        + settings.routes().size()
        + " route(s), subscription "
        + settings.subscription()
        + " ("
        + settings.subscriptionType().configName()
        + ")";
  }

  @Override
  public Handle create(SinkSettings settings) {
    MqttSinkConnector sink = new MqttSinkConnector(settings);
    return Handle.of(sink::start, sink::terminated, sink::close);
  }

  /** Looks up the consumed topics in Danube (TLS, token; nothing is consumed). */
  @Override
  public List<String> checkDanube(SinkSettings settings, Duration timeout)
      throws ConnectorStartException {
    DanubeClientConfig cfg =
        DanubeConnection.clientConfig(settings.danube())
            .withRetryBudget(timeout)
            .withRpcTimeout(timeout);
    List<String> lines = new ArrayList<>();
    lines.add("Danube ok: " + settings.danube().serviceUrl() + " answered");
    try (DanubeClient client = DanubeClients.create(cfg)) {
      for (SinkRouteSettings r : settings.routes()) {
        List<String> partitions =
            client.topicPartitions(r.from()).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        lines.add(
            "  Danube topic "
                + r.from()
                + (partitions.isEmpty()
                    ? ": does not exist yet (consumed once a producer creates it)"
                    : ": exists (" + partitions.size() + " partition(s))"));
      }
      return lines;
    } catch (ExecutionException e) {
      throw DanubeConnection.failure(settings.danube(), Failures.unwrap(e), timeout);
    } catch (TimeoutException e) {
      throw new ConnectorStartException(
          "no answer within " + timeout, ConnectorStartException.Kind.UNAVAILABLE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorStartException("interrupted", ConnectorStartException.Kind.UNAVAILABLE, e);
    } catch (IllegalArgumentException e) {
      throw new ConnectorStartException(
          e.getMessage(), ConnectorStartException.Kind.CONFIGURATION, e);
    }
  }
}
