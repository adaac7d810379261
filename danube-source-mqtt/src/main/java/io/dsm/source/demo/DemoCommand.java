/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import io.dsm.source.cli.AppContext;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole pipeline in one process, with a live view; see {@link EmbeddedDemo}. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a self-contained demo in this process: an embedded MQTT broker (HiveMQ CE), the"
          + " connector, simulated devices, and the in-memory Danube TEST broker from"
          + " danube-testkit (not a production Danube; nothing is kept). Shows messages received"
          + " and stored per route, live. Runs until Ctrl-C or --duration.",
      "Configuration from the environment is ignored: the demo configures itself."
    })
public final class DemoCommand implements Callable<Integer> {
  private final AppContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--mqtt-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of the embedded MQTT broker on 127.0.0.1 (default: a free port)")
  int mqttPort;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DemoDurationConverter.class,
      description = "Stop after this long, e.g. 30s or 5m (default: run until Ctrl-C)")
  Duration duration;

  @Option(
      names = "--rate",
      paramLabel = "MSG_PER_S",
      defaultValue = "2",
      description = "Simulated messages per second per route (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "The connector's METRICS_PORT (default: 0, off)")
  int metricsPort;

  @Option(
      names = "--commands",
      description =
          "Also run the other direction: commands sent to the Danube topic /iot/commands reach a"
              + " simulated device through the sink connector (danube-sink-mqtt); implies --plain")
  boolean commands;

  @Option(
      names = "--plain",
      description = "Append plain lines each second instead of redrawing the view in place")
  boolean plain;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "warn",
      description = "Log level of the brokers and the connector, on stderr (default: warn)")
  String logLevel;

  public DemoCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (mqttPort < 0 || mqttPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--mqtt-port must be in [0, 65535], but was " + mqttPort);
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--metrics-port must be in [0, 65535], but was " + metricsPort);
    }
    if (!(rate > 0 && rate <= 1000)) {
      throw new ParameterException(
          spec.commandLine(), "--rate must be in (0, 1000] messages per second, but was " + rate);
    }
    String level = logLevel.toLowerCase(Locale.ROOT);
    if (!level.matches("trace|debug|info|warn|error|off")) {
      throw new ParameterException(
          spec.commandLine(),
          "--log-level must be one of trace, debug, info, warn, error, off, but was " + logLevel);
    }
    boolean ansi = !plain && !commands && context.out == System.out && System.console() != null;
    return new EmbeddedDemo(
            new EmbeddedDemo.Options(mqttPort, duration, rate, metricsPort, ansi, level, commands),
            context)
        .run();
  }
}
