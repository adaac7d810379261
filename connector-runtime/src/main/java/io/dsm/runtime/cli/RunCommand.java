/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import io.dsm.connector.config.ConnectorSettings;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ConnectorCli.Handle;
import io.dsm.runtime.cli.ConnectorCli.Loaded;
import io.dsm.runtime.metrics.BuildInfo;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code run} (also the default command): load the configuration, start the connector, wait for
 * SIGTERM/SIGINT or a fatal runtime failure, then close (drain) it.
 *
 * <p>Exit codes: 0 after a requested stop, 78 for an invalid configuration (nothing was opened), 69
 * when the MQTT broker or Danube was unreachable at start, 1 for other start failures and for a
 * runtime failure. Runs on the {@code main} thread.
 */
@Command(name = "run", mixinStandardHelpOptions = true)
final class RunCommand<S> extends ConnectorCommand<S> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /** Time beyond the drain timeout that a stop request waits before the process ends anyway. */
  private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(45);

  RunCommand(ConnectorCli<S> connector, CommandContext context) {
    super(connector, context);
  }

  @Override
  void customize(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Run the " + connector.noun() + " until SIGTERM or SIGINT (the default command).");
  }

  @Override
  int run(Loaded<S> config) {
    ConnectorSettings common = connector.common(config.settings());
    LogSetup.apply(
        common.runtime().logLevel(), common.runtime().logFormat(), common.connectorName());
    config.warnings().forEach(LOG::warn);
    LOG.info("Effective configuration:");
    config.effective().logLines().forEach(l -> LOG.info("  {}", l));
    int code = ExitCodes.FAILURE;
    try {
      code = runConnector(config.settings(), common);
      return code;
    } finally {
      context.shutdown.commandDone(code);
    }
  }

  private int runConnector(S settings, ConnectorSettings common) {
    String noun = connector.noun();
    String name = connector.name();
    LOG.info(
        "starting {} {} ({} {}): {}",
        noun,
        common.connectorName(),
        name,
        BuildInfo.current().describe(),
        connector.startSummary(settings));
    Handle handle = connector.create(settings);
    CompletableFuture<Void> stopRequested =
        context.shutdown.install(common.runtime().drainTimeout().plus(SHUTDOWN_MARGIN));
    AtomicBoolean started = new AtomicBoolean();
    // A stop during start() must not wait for start's own timeouts: close() aborts it.
    stopRequested.thenRun(
        () -> {
          if (!started.get()) {
            handle.close();
          }
        });
    try {
      handle.start();
      started.set(true);
    } catch (ConnectorStartException e) {
      handle.close();
      if (stopRequested.isDone()) {
        LOG.info("stopped during start");
        return ExitCodes.OK;
      }
      context.err.println(name + ": cannot start: " + e.getMessage());
      return switch (e.kind()) {
        case CONFIGURATION -> ExitCodes.INVALID_CONFIG;
        case UNAVAILABLE -> ExitCodes.DEPENDENCY_UNAVAILABLE;
        case FAILURE -> ExitCodes.FAILURE;
      };
    } catch (RuntimeException e) {
      handle.close();
      context.err.println(name + ": cannot start: " + e);
      return ExitCodes.FAILURE;
    }
    if (!stopRequested.isDone()) {
      LOG.info("{} {} running", noun, common.connectorName());
    }

    CompletableFuture<Void> terminated = handle.terminated();
    // Either future may finish first; a failure of terminated is examined below.
    CompletableFuture.anyOf(stopRequested, terminated).exceptionally(t -> null).join();
    if (stopRequested.isDone()) {
      LOG.info("stop requested; draining in-flight messages");
    }
    handle.close();
    if (terminated.isCompletedExceptionally()) {
      context.err.println(name + ": " + noun + " failed: " + failureOf(terminated));
      return ExitCodes.FAILURE;
    }
    LOG.info("{} {} stopped", noun, common.connectorName());
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
