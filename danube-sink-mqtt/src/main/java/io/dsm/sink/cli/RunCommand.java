/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import io.dsm.connector.config.LoadedSinkConfig;
import io.dsm.connector.config.SinkSettings;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.cli.LogSetup;
import io.dsm.runtime.metrics.BuildInfo;
import io.dsm.sink.MqttSinkConnector;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code run} (the default): load the configuration, start the sink, wait for SIGTERM/SIGINT or a
 * fatal failure, then drain and close. Exit codes as the source's.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the sink until SIGTERM or SIGINT (the default command).")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(45);

  private final SinkContext context;

  @ParentCommand TopCommand parent;
  @Mixin SinkOptions options = new SinkOptions();

  RunCommand(SinkContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    return execute(parent.options.merged(options));
  }

  int execute(Map<String, String> flags) {
    LoadedSinkConfig config = context.loadOrReport(flags);
    if (config == null) {
      return ExitCodes.INVALID_CONFIG;
    }
    SinkSettings settings = config.settings();
    LogSetup.apply(
        settings.runtime().logLevel(), settings.runtime().logFormat(), settings.connectorName());
    config.warnings().forEach(LOG::warn);
    LOG.info("Effective configuration:");
    config.effective().logLines().forEach(l -> LOG.info("  {}", l));
    int code = ExitCodes.FAILURE;
    try {
      code = runSink(settings);
      return code;
    } finally {
      context.shutdown.commandDone(code);
    }
  }

  private int runSink(SinkSettings settings) {
    LOG.info(
        "starting sink {} (danube-sink-mqtt {}): Danube {}, MQTT {}:{}, {} route(s), subscription"
            + " {} ({})",
        settings.connectorName(),
        BuildInfo.current().describe(),
        settings.danube().serviceUrl(),
        settings.mqtt().host(),
        settings.mqtt().port(),
        settings.routes().size(),
        settings.subscription(),
        settings.subscriptionType().configName());
    MqttSinkConnector sink = new MqttSinkConnector(settings);
    CompletableFuture<Void> stopRequested =
        context.shutdown.install(settings.runtime().drainTimeout().plus(SHUTDOWN_MARGIN));
    AtomicBoolean started = new AtomicBoolean();
    stopRequested.thenRun(
        () -> {
          if (!started.get()) {
            sink.close();
          }
        });
    try {
      sink.start();
      started.set(true);
    } catch (ConnectorStartException e) {
      sink.close();
      if (stopRequested.isDone()) {
        return ExitCodes.OK;
      }
      context.err.println(Main.NAME + ": cannot start: " + e.getMessage());
      return switch (e.kind()) {
        case CONFIGURATION -> ExitCodes.INVALID_CONFIG;
        case UNAVAILABLE -> ExitCodes.DEPENDENCY_UNAVAILABLE;
        case FAILURE -> ExitCodes.FAILURE;
      };
    } catch (RuntimeException e) {
      sink.close();
      context.err.println(Main.NAME + ": cannot start: " + e);
      return ExitCodes.FAILURE;
    }
    LOG.info("sink {} running", settings.connectorName());
    CompletableFuture<Void> terminated = sink.terminated();
    CompletableFuture.anyOf(stopRequested, terminated).exceptionally(t -> null).join();
    boolean failed = terminated.isCompletedExceptionally();
    sink.close();
    if (failed) {
      context.err.println(Main.NAME + ": sink failed: " + failureOf(terminated));
      return ExitCodes.FAILURE;
    }
    LOG.info("sink {} stopped", settings.connectorName());
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
    }
  }
}
