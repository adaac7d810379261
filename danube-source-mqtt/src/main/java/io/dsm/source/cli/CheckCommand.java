/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.EffectiveConfig;
import io.dsm.connector.config.LoadedConfig;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.danube.DanubeConnection;
import io.dsm.runtime.mqtt.MqttOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code check}: validates the configuration and lists the routes; with {@code --connect} also
 * connects to the MQTT broker and Danube (see {@link ConnectCheck}).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the configuration and list the routes; connects to nothing unless --connect.",
      "Exit codes: 0 ok, 78 invalid configuration, 69 (with --connect) the MQTT broker or Danube"
          + " could not be reached or refused the connection."
    })
final class CheckCommand implements Callable<Integer> {
  private final AppContext context;

  @ParentCommand TopCommand parent;
  @Mixin ConfigOptions options = new ConfigOptions();

  @Option(
      names = "--connect",
      description =
          "Also connect to the MQTT broker (as <client id>-check, without subscribing) and look up"
              + " the target topics in Danube, with the configured TLS, credentials and token.")
  boolean connect;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "How long each connection may take with --connect (default: ${DEFAULT-VALUE}).")
  int connectTimeoutSecs;

  CheckCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LoadedConfig config = context.loadOrReport(parent.options.merged(options));
    if (config == null) {
      return ExitCodes.INVALID_CONFIG;
    }
    printWarnings(context, config.warnings());
    String files = unusableFiles(config.settings());
    if (files != null) {
      context.err.println("danube-source-mqtt: invalid configuration: " + files);
      return ExitCodes.INVALID_CONFIG;
    }
    List<EffectiveConfig.RouteLine> routes = config.effective().routes();
    context.out.println(
        "configuration OK: " + routes.size() + (routes.size() == 1 ? " route" : " routes"));
    for (EffectiveConfig.RouteLine route : routes) {
      context.out.println("  " + route.describe());
    }
    if (connect) {
      return ConnectCheck.run(
          config.settings(),
          Duration.ofSeconds(Math.max(1, connectTimeoutSecs)),
          context.out,
          context.err);
    }
    return ExitCodes.OK;
  }

  /** Reads the TLS files of both sides as run would; the first problem, or null. */
  static String unusableFiles(ConnectorSettings settings) {
    try {
      MqttOptions.of(
          settings.mqtt(),
          settings.mqtt().clientId(),
          true,
          65535,
          Duration.ofSeconds(1),
          io.dsm.common.Backoff.RECONNECT);
      DanubeConnection.checkTlsFiles(settings.danube());
      return null;
    } catch (IllegalArgumentException | ConnectorStartException e) {
      return e.getMessage();
    }
  }

  static void printWarnings(AppContext context, List<String> warnings) {
    for (String warning : warnings) {
      context.err.println("warning: " + warning);
    }
  }
}
