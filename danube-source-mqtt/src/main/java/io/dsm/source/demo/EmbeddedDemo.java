/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import io.dsm.connector.MqttSourceConnector;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.InvalidConfigException;
import io.dsm.connector.config.Settings;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.cli.LogSetup;
import io.dsm.runtime.cli.ShutdownSignal;
import io.dsm.source.cli.AppContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command demo: an embedded MQTT broker (HiveMQ CE), the in-memory Danube <b>test</b>
 * broker from danube-testkit, the real connector between them and simulated devices, all in this
 * process, with a live view of both ends. Demo only: danube-testkit is a runtime dependency of the
 * application for this class alone.
 *
 * <p>Runs on the calling thread until Ctrl-C (SIGINT/SIGTERM through the {@link ShutdownSignal}),
 * the optional duration, or a connector failure. Shutdown: stop the devices, wait until the
 * connector holds nothing in flight, close (drain) the connector, print the summary, stop both
 * brokers, delete the temporary folder.
 */
final class EmbeddedDemo {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDemo.class);

  static final String CLIENT_ID = "danube-demo-connector";
  static final String CONNECTOR_NAME = "mqtt-demo";
  private static final int DRAIN_TIMEOUT_SECS = 10;
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);
  private static final Duration REFRESH = Duration.ofSeconds(1);

  /** Messages each Danube topic keeps for the view; the counters still count every message. */
  private static final int RETAINED_PER_TOPIC = 500;

  /**
   * The demo's options.
   *
   * @param mqttPort the embedded MQTT broker's port, 0 for a free one
   * @param duration how long to run; null until Ctrl-C
   * @param ratePerRoute simulated messages per second per route
   * @param metricsPort the connector's METRICS_PORT (0 = off)
   * @param ansi redraw the view in place (a terminal) instead of appending lines
   * @param logLevel the root log level (logs go to stderr)
   */
  record Options(
      int mqttPort,
      Duration duration,
      double ratePerRoute,
      int metricsPort,
      boolean ansi,
      String logLevel,
      boolean commands) {}

  private final Options options;
  private final AppContext context;

  EmbeddedDemo(Options options, AppContext context) {
    this.options = options;
    this.context = context;
  }

  /** Runs the demo; returns the exit code. */
  int run() {
    LogSetup.apply(options.logLevel(), "text");
    int code = ExitCodes.FAILURE;
    try {
      code = runInFolder();
      return code;
    } finally {
      context.shutdown.commandDone(code);
    }
  }

  private int runInFolder() {
    CompletableFuture<Void> stopRequested = context.shutdown.install(SHUTDOWN_GRACE);
    Path folder;
    try {
      folder = Files.createTempDirectory("danube-source-mqtt-demo-");
    } catch (IOException e) {
      context.err.println("danube-source-mqtt demo: cannot create a temporary folder: " + e);
      return ExitCodes.FAILURE;
    }
    try {
      return runWith(folder, stopRequested);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILURE;
    } finally {
      deleteRecursively(folder);
    }
  }

  private int runWith(Path folder, CompletableFuture<Void> stopRequested)
      throws InterruptedException {
    context.out.println(
        "starting the embedded MQTT broker, the Danube test broker and the connector...");
    context.out.flush();
    PublishLedger ledger = new PublishLedger();
    InMemoryDanubeBroker danube = null;
    DemoMqttBroker mqtt = null;
    MqttSourceConnector connector = null;
    DemoDevices devices = null;
    CommandsDemo commands = null;
    try {
      danube = InMemoryDanubeBroker.builder().retainedMessagesPerTopic(RETAINED_PER_TOPIC).start();
      danube.createNamespace(DemoRoute.NAMESPACE);
      DemoMonitor monitor = new DemoMonitor(DemoRoute.ALL, ledger, danube::topic);
      mqtt =
          DemoMqttBroker.start(
              folder.resolve("hivemq"), options.mqttPort(), CLIENT_ID, monitor::onSentToConnector);
      DemoMqttBroker broker = mqtt;
      devices =
          new DemoDevices(
              new DemoDevices.Broker() {
                @Override
                public CompletableFuture<Void> publish(String topic, byte[] payload) {
                  return broker.publish(topic, payload);
                }

                @Override
                public CompletableFuture<Void> retain(String topic, byte[] payload) {
                  return broker.retain(topic, payload);
                }
              },
              ledger,
              options.ratePerRoute(),
              Clock.systemUTC(),
              20_240_601L);
      // Stored before the connector subscribes, so it arrives flagged as retained.
      devices.publishRetainedConfig();

      ConnectorSettings settings = settings(folder, mqtt.port(), danube.serviceUrl());
      connector = new MqttSourceConnector(settings);
      if (!startConnector(connector, stopRequested)) {
        return stopRequested.isDone() ? ExitCodes.OK : ExitCodes.FAILURE;
      }
      devices.start();
      if (options.commands()) {
        context.out.println(
            "commands: Danube "
                + CommandsDemo.TOPIC
                + " -> sink connector -> MQTT devices/<device>/cmd -> simulated device");
        try {
          commands = CommandsDemo.start(mqtt.port(), danube.serviceUrl(), context.out);
        } catch (Exception e) {
          context.err.println("danube-source-mqtt demo: the sink did not start: " + e);
          return ExitCodes.FAILURE;
        }
      }

      DemoView view =
          new DemoView(
              options.ansi(),
              new DemoView.Endpoints(
                  mqtt.port(), danube.serviceUrl(), CLIENT_ID, options.metricsPort()));
      if (!options.ansi()) {
        context.out.print(view.intro());
        context.out.flush();
      }
      long started = System.nanoTime();
      CompletableFuture<Object> stopOrFailure =
          CompletableFuture.anyOf(stopRequested, connector.terminated());
      boolean failed = liveView(view, monitor, started, stopOrFailure, connector);

      devices.close();
      boolean settled = failed || settle(monitor, connector);
      connector.close();
      monitor.poll(System.nanoTime());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      if (options.ansi()) {
        context.out.print(view.frame(monitor.snapshot(), elapsed));
        context.out.println();
      }
      context.out.print(DemoView.summary(monitor.snapshot(), elapsed));
      context.out.flush();
      if (failed || connector.terminated().isCompletedExceptionally()) {
        context.err.println(
            "danube-source-mqtt demo: connector failed: " + failure(connector.terminated()));
        return ExitCodes.FAILURE;
      }
      if (!settled) {
        context.err.println(
            "danube-source-mqtt demo: warning: the connector did not receive and store every"
                + " message within "
                + SETTLE_TIMEOUT.toSeconds()
                + " s of the devices stopping");
      }
      return ExitCodes.OK;
    } catch (DemoStartException e) {
      context.err.println("danube-source-mqtt demo: " + e.getMessage() + causeOf(e));
      return ExitCodes.FAILURE;
    } catch (InvalidConfigException e) {
      // The demo writes its own configuration: this is a bug, not a user error.
      context.err.println(
          "danube-source-mqtt demo: internal configuration error: " + e.getMessage());
      return ExitCodes.FAILURE;
    } finally {
      if (commands != null) {
        commands.close();
      }
      if (devices != null) {
        devices.close();
      }
      if (connector != null) {
        connector.close();
      }
      if (mqtt != null) {
        mqtt.close();
      }
      if (danube != null) {
        danube.close();
      }
    }
  }

  /** Starts the connector; false when it failed (reported) or a stop came first. */
  private boolean startConnector(MqttSourceConnector connector, CompletableFuture<Void> stop) {
    // A Ctrl-C during start() must not wait for start's own timeouts: close() aborts it.
    stop.thenRun(
        () -> {
          if (connector.state() == io.dsm.connector.ConnectorState.STARTING) {
            connector.close();
          }
        });
    try {
      connector.start();
      return !stop.isDone();
    } catch (ConnectorStartException | RuntimeException e) {
      connector.close();
      if (!stop.isDone()) {
        context.err.println(
            "danube-source-mqtt demo: the connector cannot start: " + e.getMessage());
      }
      return false;
    }
  }

  /**
   * Refreshes the view every second until a stop is requested, the duration is over or the
   * connector failed.
   *
   * @return true when the connector failed
   */
  private boolean liveView(
      DemoView view,
      DemoMonitor monitor,
      long started,
      CompletableFuture<Object> stopOrFailure,
      MqttSourceConnector connector)
      throws InterruptedException {
    long deadline =
        options.duration() == null ? Long.MAX_VALUE : started + options.duration().toNanos();
    while (true) {
      long now = System.nanoTime();
      monitor.poll(now);
      context.out.print(view.frame(monitor.snapshot(), Duration.ofNanos(now - started)));
      context.out.flush();
      long wait = Math.min(REFRESH.toNanos(), deadline - System.nanoTime());
      if (wait <= 0) {
        return false;
      }
      try {
        stopOrFailure.get(wait, TimeUnit.NANOSECONDS);
        return connector.terminated().isCompletedExceptionally();
      } catch (TimeoutException e) {
        // Time for the next frame.
      } catch (ExecutionException e) {
        return true;
      }
    }
  }

  /**
   * After the devices stopped: waits until the connector has received every message the MQTT broker
   * sent it and holds none in flight, so that closing it loses nothing. The test broker offers no
   * notification for this, so it is polled.
   */
  private boolean settle(DemoMonitor monitor, MqttSourceConnector connector) {
    BooleanSupplier settled =
        () ->
            connector.stats().received() >= monitor.receivedTotal()
                && connector.backlog().inFlight() == 0
                && storedEverySent(monitor);
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (!settled.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0 || connector.terminated().isDone()) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return true;
  }

  /**
   * Whether the Danube test broker holds as many messages as the MQTT broker sent the connector.
   * The connector's own counters can settle a moment before the last PUBLISH the broker counted
   * reaches it, so the end of the run is judged by what was stored.
   */
  private static boolean storedEverySent(DemoMonitor monitor) {
    monitor.poll(System.nanoTime());
    return monitor.snapshot().storedTotal() >= monitor.receivedTotal();
  }

  /** The connector's settings, through the same loader and TOML route format as production. */
  ConnectorSettings settings(Path folder, int mqttPort, String danubeUrl)
      throws InvalidConfigException {
    Path toml = folder.resolve("demo-routes.toml");
    try {
      Files.writeString(toml, DemoRoute.toml(DemoRoute.ALL), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + toml, e);
    }
    Map<String, String> env = new HashMap<>();
    env.put(Settings.DANUBE_SERVICE_URL.env(), danubeUrl);
    env.put(Settings.CONNECTOR_NAME.env(), CONNECTOR_NAME);
    env.put(Settings.MQTT_BROKER_HOST.env(), "127.0.0.1");
    env.put(Settings.MQTT_BROKER_PORT.env(), Integer.toString(mqttPort));
    env.put(Settings.MQTT_CLIENT_ID.env(), CLIENT_ID);
    env.put(Settings.METRICS_PORT.env(), Integer.toString(options.metricsPort()));
    env.put(Settings.DRAIN_TIMEOUT_SECS.env(), Integer.toString(DRAIN_TIMEOUT_SECS));
    env.put(Settings.LOG_LEVEL.env(), options.logLevel());
    return ConfigLoader.load(
            EnvSource.of(env), Map.of(Settings.CONNECTOR_CONFIG_PATH.flag(), toml.toString()))
        .settings();
  }

  private static String failure(CompletableFuture<Void> terminated) {
    try {
      terminated.getNow(null);
      return "stopped";
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    } catch (java.util.concurrent.CancellationException e) {
      return "cancelled";
    }
  }

  private static String causeOf(Throwable e) {
    Throwable cause = e.getCause();
    return cause == null ? "" : " (" + cause + ")";
  }

  private static void deleteRecursively(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete the demo's temporary folder {}: {}", folder, e.toString());
    }
  }
}
