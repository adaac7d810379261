/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.connector.MqttSourceConnector;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.LoadedConfig;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.cli.LogSetup;
import io.dsm.runtime.metrics.BuildInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code run} (also the default command): load the configuration, start the connector, wait for
 * SIGTERM/SIGINT or a fatal runtime failure, then close (drain) it.
 *
 * <p>Exit codes: 0 after a requested stop, 78 for an invalid configuration (nothing was opened), 69
 * when the MQTT broker or Danube was unreachable at start, 1 for other start failures and for a
 * runtime failure. Runs on the {@code main} thread.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the connector until SIGTERM or SIGINT (the default command).")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /** Time beyond the drain timeout that a stop request waits before the process ends anyway. */
  private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(45);

  private final AppContext context;

  @ParentCommand TopCommand parent;
  @Mixin ConfigOptions options = new ConfigOptions();

  RunCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    return execute(parent.options.merged(options));
  }

  /** Runs with the given flags; also called by {@link TopCommand} when no command is named. */
  int execute(Map<String, String> flags) {
    LoadedConfig config = context.loadOrReport(flags);
    if (config == null) {
      return ExitCodes.INVALID_CONFIG;
    }
    ConnectorSettings settings = config.settings();
    LogSetup.apply(
        settings.runtime().logLevel(), settings.runtime().logFormat(), settings.connectorName());
    config.warnings().forEach(LOG::warn);
    LOG.info("Effective configuration:");
    config.effective().logLines().forEach(l -> LOG.info("  {}", l));
    int code = ExitCodes.FAILURE;
    try {
      code = runConnector(settings);
      return code;
    } finally {
      context.shutdown.commandDone(code);
    }
  }

  private int runConnector(ConnectorSettings settings) {
    LOG.info(
        "starting connector {} (danube-source-mqtt {}): MQTT {}:{}, Danube {}, {} route(s)",
        settings.connectorName(),
        BuildInfo.current().describe(),
        settings.mqtt().host(),
        settings.mqtt().port(),
        settings.danube().serviceUrl(),
        settings.routes().size());
    MqttSourceConnector connector = new MqttSourceConnector(settings);
    CompletableFuture<Void> stopRequested =
        context.shutdown.install(settings.runtime().drainTimeout().plus(SHUTDOWN_MARGIN));
    AtomicBoolean started = new AtomicBoolean();
    // A stop during start() must not wait for start's own timeouts: close() aborts it.
    stopRequested.thenRun(
        () -> {
          if (!started.get()) {
            connector.close();
          }
        });
    try {
      connector.start();
      started.set(true);
    } catch (ConnectorStartException e) {
      connector.close();
      if (stopRequested.isDone()) {
        LOG.info("stopped during start");
        return ExitCodes.OK;
      }
      context.err.println("danube-source-mqtt: cannot start: " + e.getMessage());
      return switch (e.kind()) {
        case CONFIGURATION -> ExitCodes.INVALID_CONFIG;
        case UNAVAILABLE -> ExitCodes.DEPENDENCY_UNAVAILABLE;
        case FAILURE -> ExitCodes.FAILURE;
      };
    } catch (RuntimeException e) {
      connector.close();
      context.err.println("danube-source-mqtt: cannot start: " + e);
      return ExitCodes.FAILURE;
    }
    if (!stopRequested.isDone()) {
      LOG.info("connector {} running", settings.connectorName());
    }

    CompletableFuture<Void> terminated = connector.terminated();
    // Either future may finish first; a failure of terminated is examined below.
    CompletableFuture.anyOf(stopRequested, terminated).exceptionally(t -> null).join();
    if (stopRequested.isDone()) {
      LOG.info("stop requested; draining in-flight messages");
    }
    connector.close();
    if (terminated.isCompletedExceptionally()) {
      context.err.println("danube-source-mqtt: connector failed: " + failureOf(terminated));
      return ExitCodes.FAILURE;
    }
    LOG.info("connector {} stopped", settings.connectorName());
    return ExitCodes.OK;
  }

  private static String failureOf(CompletableFuture<Void> terminated) {
    try {
      terminated.get();
      return "unknown";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (CancellationException e) {
      return "cancelled";
    }
  }
}
