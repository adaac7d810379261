/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import io.dsm.common.failure.Failures;
import io.dsm.connector.config.LoadedSinkConfig;
import io.dsm.connector.config.SinkRouteSettings;
import io.dsm.connector.config.SinkSettings;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.danube.DanubeConnection;
import io.dsm.runtime.mqtt.MqttConnectionCheck;
import io.dsm.runtime.mqtt.MqttIntakeException;
import io.dsm.runtime.mqtt.MqttOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code check}: validates the configuration; with {@code --connect} also reaches both sides. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the configuration and list the routes; connects to nothing unless --connect.",
      "Exit codes: 0 ok, 78 invalid configuration, 69 (with --connect) the MQTT broker or Danube"
          + " could not be reached or refused the connection."
    })
final class CheckCommand implements Callable<Integer> {
  private final SinkContext context;

  @ParentCommand TopCommand parent;
  @Mixin SinkOptions options = new SinkOptions();

  @Option(
      names = "--connect",
      description =
          "Also connect to the MQTT broker (as <client id>-check) and look up the consumed topics"
              + " in Danube, with the configured TLS, credentials and token.")
  boolean connect;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "How long each connection may take with --connect (default: ${DEFAULT-VALUE}).")
  int connectTimeoutSecs;

  CheckCommand(SinkContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LoadedSinkConfig config = context.loadOrReport(parent.options.merged(options));
    if (config == null) {
      return ExitCodes.INVALID_CONFIG;
    }
    config.warnings().forEach(w -> context.err.println("warning: " + w));
    SinkSettings settings = config.settings();
    try {
      MqttOptions.of(
          settings.mqtt(),
          settings.mqtt().clientId(),
          true,
          65535,
          Duration.ofSeconds(1),
          io.dsm.common.Backoff.RECONNECT);
      DanubeConnection.checkTlsFiles(settings.danube());
    } catch (IllegalArgumentException | ConnectorStartException e) {
      context.err.println(Main.NAME + ": invalid configuration: " + e.getMessage());
      return ExitCodes.INVALID_CONFIG;
    }
    List<SinkRouteSettings> routes = settings.routes();
    context.out.println(
        "configuration OK: " + routes.size() + (routes.size() == 1 ? " route" : " routes"));
    routes.forEach(r -> context.out.println("  " + r.describe()));
    if (!connect) {
      return ExitCodes.OK;
    }
    return connect(settings, Duration.ofSeconds(Math.max(1, connectTimeoutSecs)));
  }

  private int connect(SinkSettings settings, Duration timeout) {
    boolean ok = true;
    boolean configProblem = false;
    try {
      context.out.println("MQTT ok: " + MqttConnectionCheck.run(settings.mqtt(), timeout));
    } catch (MqttIntakeException | IllegalArgumentException e) {
      context.err.println("MQTT FAILED: " + e.getMessage());
      ok = false;
      configProblem |= e instanceof IllegalArgumentException;
    }
    DanubeClientConfig cfg =
        DanubeConnection.clientConfig(settings.danube())
            .withRetryBudget(timeout)
            .withRpcTimeout(timeout);
    try (DanubeClient client = DanubeClients.create(cfg)) {
      context.out.println("Danube ok: " + settings.danube().serviceUrl() + " answered");
      for (SinkRouteSettings r : settings.routes()) {
        List<String> partitions =
            client.topicPartitions(r.from()).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        context.out.println(
            "  Danube topic "
                + r.from()
                + (partitions.isEmpty()
                    ? ": does not exist yet (consumed once a producer creates it)"
                    : ": exists (" + partitions.size() + " partition(s))"));
      }
    } catch (ExecutionException e) {
      ConnectorStartException failure =
          DanubeConnection.failure(settings.danube(), Failures.unwrap(e), timeout);
      context.err.println("Danube FAILED: " + failure.getMessage());
      ok = false;
      configProblem |= failure.configuration();
    } catch (TimeoutException e) {
      context.err.println("Danube FAILED: no answer within " + timeout);
      ok = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
    } catch (IllegalArgumentException e) {
      context.err.println("Danube FAILED: " + e.getMessage());
      ok = false;
      configProblem = true;
    }
    context.out.flush();
    context.err.flush();
    return ok
        ? ExitCodes.OK
        : configProblem ? ExitCodes.INVALID_CONFIG : ExitCodes.DEPENDENCY_UNAVAILABLE;
  }
}
