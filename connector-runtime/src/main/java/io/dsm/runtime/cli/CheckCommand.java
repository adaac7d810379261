/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import io.dsm.common.Backoff;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ConnectorCli.Loaded;
import io.dsm.runtime.danube.DanubeConnection;
import io.dsm.runtime.mqtt.MqttConnectionCheck;
import io.dsm.runtime.mqtt.MqttIntakeException;
import io.dsm.runtime.mqtt.MqttOptions;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code check}: validates the configuration and lists the routes; with {@code --connect} also
 * connects to the MQTT broker (TLS, credentials; no subscription) and asks Danube what the
 * connector would (TLS, token; nothing is produced or consumed), printing one line per result. Both
 * are tried even when the first fails, so one run shows every problem.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the configuration and list the routes; connects to nothing unless --connect.",
      "Exit codes: 0 ok, 78 invalid configuration, 69 (with --connect) the MQTT broker or Danube"
          + " could not be reached or refused the connection."
    })
final class CheckCommand<S> extends ConnectorCommand<S> {
  /** {@code --connect}, whose help is the connector's (added by {@link #customize}). */
  private OptionSpec connect;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "How long each connection may take with --connect (default: ${DEFAULT-VALUE}).")
  int connectTimeoutSecs;

  CheckCommand(ConnectorCli<S> connector, CommandContext context) {
    super(connector, context);
  }

  @Override
  void customize(CommandSpec spec) {
    connect =
        OptionSpec.builder("--connect")
            .arity("0")
            .type(boolean.class)
            .initialValue(false)
            .description(connector.connectHelp())
            .build();
    spec.addOption(connect);
  }

  @Override
  int run(Loaded<S> config) {
    printWarnings(config.warnings());
    ConnectorSettings common = connector.common(config.settings());
    String files = unusableFiles(common);
    if (files != null) {
      context.err.println(connector.name() + ": invalid configuration: " + files);
      return ExitCodes.INVALID_CONFIG;
    }
    List<String> routes = connector.routeLines(config);
    context.out.println(
        "configuration OK: " + routes.size() + (routes.size() == 1 ? " route" : " routes"));
    routes.forEach(r -> context.out.println("  " + r));
    if (!Boolean.TRUE.equals(connect.getValue())) {
      return ExitCodes.OK;
    }
    return connect(config.settings(), common, Duration.ofSeconds(Math.max(1, connectTimeoutSecs)));
  }

  /** Reads the TLS files of both sides as run would; the first problem, or null. */
  private static String unusableFiles(ConnectorSettings settings) {
    try {
      MqttOptions.builder(
              settings.mqtt(),
              settings.mqtt().clientId(),
              true,
              65535,
              Duration.ofSeconds(1),
              Backoff.RECONNECT)
          .build();
      DanubeConnection.checkTlsFiles(settings.danube());
      return null;
    } catch (IllegalArgumentException | ConnectorStartException e) {
      return e.getMessage();
    }
  }

  /**
   * Returns {@link ExitCodes#OK}; {@link ExitCodes#INVALID_CONFIG} when a setting is wrong (an
   * unusable TLS file, a missing Danube namespace, plaintext against a TLS port); else {@link
   * ExitCodes#DEPENDENCY_UNAVAILABLE} if anything failed.
   */
  private int connect(S settings, ConnectorSettings common, Duration timeout) {
    boolean ok = true;
    boolean configProblem = false;
    try {
      context.out.println("MQTT ok: " + MqttConnectionCheck.run(common.mqtt(), timeout));
    } catch (MqttIntakeException | IllegalArgumentException e) {
      context.err.println("MQTT FAILED: " + e.getMessage());
      ok = false;
      configProblem = e instanceof IllegalArgumentException;
    }
    try {
      connector.checkDanube(settings, timeout).forEach(context.out::println);
    } catch (ConnectorStartException e) {
      context.err.println("Danube FAILED: " + e.getMessage());
      ok = false;
      configProblem |= e.configuration();
    }
    context.out.flush();
    context.err.flush();
    return ok
        ? ExitCodes.OK
        : configProblem ? ExitCodes.INVALID_CONFIG : ExitCodes.DEPENDENCY_UNAVAILABLE;
  }
}
