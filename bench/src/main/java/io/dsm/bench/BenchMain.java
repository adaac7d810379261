/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.bench.BenchConfig.Phase;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code danube-mqtt-bench}: end-to-end benchmark of the MQTT source connector against its peers on
 * the same machine (raw MQTT, raw Danube, the connector with one send in flight). {@code
 * danube-mqtt-bench jmh [JMH options]} runs the JMH micro-benchmarks instead.
 *
 * <p>Exit codes: 0 ok; 1 the run failed; 2 usage error; 3 the run completed but a QoS 1/2 message
 * was lost, or any message was duplicated or corrupted.
 */
@Command(
    name = "danube-mqtt-bench",
    mixinStandardHelpOptions = true,
    description = {
      "End-to-end benchmark of the MQTT source connector: MQTT publish -> message stored in Danube"
          + " (testkit broker in this JVM), with the raw MQTT and raw Danube peers and the"
          + " one-send-in-flight mode measured in the same run.",
    },
    footer = {
      "",
      "Micro-benchmarks: danube-mqtt-bench jmh [JMH options], e.g. jmh -f 1 -wi 3 -i 5 TopicRouter",
      "Exit codes: 0 ok, 1 run failed, 2 usage error, 3 messages lost/duplicated/corrupted."
    })
public final class BenchMain implements Callable<Integer> {
  static final int EXIT_DATA_LOSS = 3;

  @Option(
      names = "--quick",
      description =
          "Short smoke run (under a minute): 2s warm-up, 5s measured (4s for peers), 2000 msg/s")
  boolean quick;

  @Option(
      names = "--mqtt-broker",
      description = "mosquitto (default, started on a free port), hivemq (embedded CE) or external")
  String mqttBroker;

  @Option(names = "--mqtt-host", description = "External MQTT broker host (implies external)")
  String mqttHost;

  @Option(names = "--mqtt-port", description = "External MQTT broker port (implies external)")
  Integer mqttPort;

  @Option(
      names = "--publishers",
      defaultValue = "4",
      description = "MQTT publisher connections (default ${DEFAULT-VALUE})")
  int publishers;

  @Option(
      names = "--qos",
      defaultValue = "1",
      description = "MQTT QoS 0, 1 or 2 (default ${DEFAULT-VALUE})")
  int qos;

  @Option(
      names = "--payload-bytes",
      defaultValue = "1024",
      description = "Payload size (default ${DEFAULT-VALUE})")
  int payloadBytes;

  @Option(
      names = "--topics",
      defaultValue = "100",
      description = "MQTT topics the load is spread over (default ${DEFAULT-VALUE})")
  int topics;

  @Option(
      names = "--routes",
      defaultValue = "1",
      description = "Connector routes / Danube topics (default ${DEFAULT-VALUE})")
  int routes;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      description = "Danube partitions per topic (default ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--reliable",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Danube reliable dispatch (default ${DEFAULT-VALUE})")
  boolean reliable;

  @Option(
      names = "--rate",
      description =
          "Messages per second, open loop; 0 = max rate, closed loop (default 0; 2000 with --quick)")
  Double rate;

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      description = "Warm-up per phase (default 10s; 2s with --quick)")
  Duration warmup;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description =
          "Measured time of the connector phase, e.g. 30s or 10m for a soak (default 30s; 5s with --quick)")
  Duration duration;

  @Option(
      names = "--baseline-duration",
      converter = DurationConverter.class,
      description = "Measured time of each peer phase (default: --duration, at most 30s)")
  Duration baselineDuration;

  @Option(
      names = "--one-in-flight-duration",
      converter = DurationConverter.class,
      description = "Measured time of the MAX_IN_FLIGHT=1 phase (default: --duration, at most 15s)")
  Duration oneInFlightDuration;

  @Option(
      names = "--settle",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Fixed rate: after the warm-up, wait at most this long until less than 50 ms of messages"
              + " are in transit before measuring, and report the wait (default ${DEFAULT-VALUE})")
  Duration settle;

  @Option(
      names = "--danube-delay",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Round-trip time added between Danube clients and the broker by a TCP proxy, e.g. 50ms"
              + " for a remote Danube (default ${DEFAULT-VALUE})")
  Duration danubeDelay;

  @Option(
      names = "--max-in-flight",
      defaultValue = "64",
      description = "Connector MAX_IN_FLIGHT (default ${DEFAULT-VALUE})")
  int maxInFlight;

  @Option(
      names = "--window",
      defaultValue = "2000",
      description = "Most messages sent but not yet arrived (default ${DEFAULT-VALUE})")
  int window;

  @Option(
      names = "--phases",
      split = ",",
      description =
          "Phases to run, in order (default raw-mqtt,raw-danube,connector,one-in-flight; also"
              + " hot-per-topic and hot-none: the whole load on one MQTT topic with"
              + " ORDERING=per_topic / none)")
  List<String> phases;

  @Option(
      names = "--ordering",
      defaultValue = "per_topic",
      description =
          "Connector ORDERING in the connector and one-in-flight phases: per_topic or none"
              + " (default ${DEFAULT-VALUE})")
  String ordering;

  @Option(
      names = "--connector-jar",
      description =
          "The connector's shaded jar (default danube-source-mqtt/target/danube-source-mqtt.jar)")
  Path connectorJar;

  @Option(
      names = "--connector-java-opts",
      description =
          "Connector JVM flags (default: the launcher's, -Xms96m -Xmx96m -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m -Xss512k)")
  String connectorJavaOpts;

  @Option(
      names = "--jfr",
      description = "Write a JFR recording (settings=profile) of the connector phase to this file")
  Path jfr;

  @Option(
      names = "--out",
      defaultValue = "bench-results",
      description = "Directory for results and logs (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--json", description = "JSON result file (default <out>/bench.json)")
  Path json;

  @Option(names = "--markdown", description = "Markdown table file (default <out>/bench.md)")
  Path markdown;

  @Option(names = "--chart", description = "PNG chart file (default <out>/bench.png)")
  Path chart;

  @Option(names = "--no-progress", description = "No progress bar on stderr")
  boolean noProgress;

  private PrintStream stdout = System.out;
  private PrintStream stderr = System.err;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    // The benchmark is a separate tool, so it ends its own JVM with its exit code.
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line and returns the exit code (what tests call). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    BenchMain main = new BenchMain();
    main.stdout = out;
    main.stderr = err;
    CommandLine cl = new CommandLine(main);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (e, cmd, parse) -> {
          err.println();
          err.println(
              "danube-mqtt-bench: "
                  + (e instanceof IllegalArgumentException ? e.getMessage() : e.toString()));
          if (!(e instanceof IllegalArgumentException)) {
            e.printStackTrace(err);
          }
          return e instanceof IllegalArgumentException ? 2 : 1;
        });
    return cl.execute(args);
  }

  /** Builds the immutable configuration from the options (quick-mode defaults applied). */
  BenchConfig config() {
    Duration measured = or(duration, quick ? Duration.ofSeconds(5) : Duration.ofSeconds(30));
    String broker =
        mqttBroker != null
            ? mqttBroker.toLowerCase(Locale.ROOT)
            : (mqttHost != null || mqttPort != null ? "external" : "mosquitto");
    if (broker.equals("external") && (mqttHost == null || mqttPort == null)) {
      throw new IllegalArgumentException(
          "--mqtt-broker external needs --mqtt-host and --mqtt-port");
    }
    List<Phase> selected = new ArrayList<>();
    if (phases == null) {
      selected.addAll(Phase.DEFAULTS);
    } else {
      for (String p : phases) {
        selected.add(
            Arrays.stream(Phase.values())
                .filter(ph -> ph.key().equals(p.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "--phases: unknown phase '"
                                + p
                                + "'; expected raw-mqtt, raw-danube, connector, one-in-flight,"
                                + " hot-per-topic or hot-none")));
      }
    }
    String order = ordering.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    if (!order.equals("per_topic") && !order.equals("none")) {
      throw new IllegalArgumentException(
          "--ordering must be per_topic or none, but was '" + ordering + "'");
    }
    List<String> javaOpts =
        connectorJavaOpts == null
            ? ConnectorProcess.DEFAULT_JAVA_OPTS
            : Arrays.stream(connectorJavaOpts.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    return new BenchConfig(
        broker,
        mqttHost,
        mqttPort == null ? 0 : mqttPort,
        publishers,
        qos,
        payloadBytes,
        topics,
        routes,
        partitions,
        reliable,
        rate != null ? rate : (quick ? 2000 : 0),
        or(warmup, quick ? Duration.ofSeconds(2) : Duration.ofSeconds(10)),
        measured,
        or(baselineDuration, min(measured, quick ? Duration.ofSeconds(4) : Duration.ofSeconds(30))),
        or(
            oneInFlightDuration,
            min(measured, quick ? Duration.ofSeconds(4) : Duration.ofSeconds(15))),
        maxInFlight,
        window,
        connectorJar != null ? connectorJar : BenchRun.defaultConnectorJar(),
        javaOpts,
        selected,
        jfr == null ? null : jfr.toAbsolutePath(),
        out.toAbsolutePath(),
        !noProgress,
        quick,
        settle,
        danubeDelay,
        order);
  }

  @Override
  public Integer call() throws Exception {
    BenchConfig config = config();
    BenchReport report = new BenchRun(config, stderr).run();
    Path jsonFile = json != null ? json : out.resolve("bench.json");
    Path mdFile = markdown != null ? markdown : out.resolve("bench.md");
    Path pngFile = chart != null ? chart : out.resolve("bench.png");
    ReportWriter.writeJson(report, jsonFile);
    ReportWriter.writeMarkdown(report, mdFile);
    ChartWriter.write(report, pngFile);
    stderr.println(ReportWriter.markdown(report));
    stderr.println("results: " + jsonFile + ", " + mdFile + ", " + pngFile);
    stdout.println(ReportWriter.summaryLine(report));
    boolean lossAllowed = config.qos() == 0;
    boolean bad =
        report.phases().stream()
            .anyMatch(
                p -> (!lossAllowed && p.lost() > 0) || p.duplicates() > 0 || p.corrupted() > 0);
    return bad ? EXIT_DATA_LOSS : 0;
  }

  private static Duration or(Duration d, Duration fallback) {
    return d != null ? d : fallback;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
