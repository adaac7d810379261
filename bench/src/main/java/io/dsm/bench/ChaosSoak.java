/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.testsupport.ConnectorEnv;
import io.dsm.testsupport.FaultProxy;
import io.dsm.testsupport.JvmProcess;
import io.dsm.testsupport.LedgerPublisher;
import io.dsm.testsupport.MosquittoProcess;
import io.dsm.testsupport.SequenceLedger;
import io.dsm.testsupport.Signal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The chaos soak: sequence-numbered QoS 1 load through Mosquitto 2.0.11, the connector (its shaded
 * jar, a separate JVM with the launcher's flags, persistent session) and the Danube test broker
 * behind a TCP fault proxy, while faults are injected at random: Danube hangs (black hole), refuses
 * connections or answers slowly; Mosquitto restarts; the connector gets SIGTERM, SIGKILL or a
 * SIGSTOP pause. At the end the load stops, the backlog drains, and what Danube stored is compared
 * with what the MQTT broker acknowledged to the publisher: lost (must be 0), duplicated and
 * reordered per topic, plus the connector's largest resident memory.
 *
 * <p>{@code bin/danube-mqtt-chaos --duration 30m} for the soak; the quick mode ({@code --duration
 * 60s}) runs in the build.
 */
@Command(
    name = "danube-mqtt-chaos",
    mixinStandardHelpOptions = true,
    description = "Chaos soak of the MQTT source connector: random faults under load.")
public final class ChaosSoak implements Callable<Integer> {

  @Option(
      names = "--duration",
      defaultValue = "30m",
      converter = DurationConverter.class,
      description = "Load with faults (e.g. 60s, 30m).")
  Duration duration;

  @Option(names = "--rate", defaultValue = "1000", description = "Messages per second.")
  int rate;

  @Option(names = "--topics", defaultValue = "20", description = "MQTT topics.")
  int topics;

  @Option(names = "--payload-bytes", defaultValue = "200", description = "Payload size.")
  int payloadBytes;

  @Option(
      names = "--fault-every",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "Mean time between faults (each waits 0.5 to 1.5 times this).")
  Duration faultEvery;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed of the fault plan.")
  long seed;

  @Option(names = "--out", defaultValue = "bench-results/chaos", description = "Output directory.")
  Path out;

  @Option(names = "--connector-jar", description = "The connector's shaded jar.")
  Path connectorJar;

  private final PrintStream stdout;
  private final PrintStream stderr;

  ChaosSoak(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs and returns the exit code: 0 when nothing was lost, 1 otherwise, 2 for usage errors. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return new CommandLine(new ChaosSoak(out, err))
        .setOut(new java.io.PrintWriter(out, true))
        .setErr(new java.io.PrintWriter(err, true))
        .execute(args);
  }

  /** One injected fault, for the report. */
  record Fault(Instant at, String kind, long millis) {}

  @Override
  public Integer call() throws Exception {
    Duration total = duration;
    Duration meanGap = faultEvery;
    Files.createDirectories(out);
    Path jar = connectorJar != null ? connectorJar : BenchRun.defaultConnectorJar();
    Random random = new Random(seed);
    List<Fault> faults = new ArrayList<>();
    SequenceLedger ledger = new SequenceLedger();
    List<String> topicNames = IntStream.range(0, topics).mapToObj(i -> "chaos/t" + i).toList();
    String danubeTopic = "/iot/chaos";

    try (MosquittoProcess mosquitto =
            MosquittoProcess.builder()
                .persistence(true)
                .maxInflightMessages(20)
                .maxQueuedMessages(0)
                .start();
        InMemoryDanubeBroker danube =
            InMemoryDanubeBroker.builder().retainedMessagesPerTopic(Integer.MAX_VALUE).start();
        FaultProxy proxy = FaultProxy.start("127.0.0.1", danube.port(0))) {
      danube.createNamespace("iot");
      danube.advertise(0, "http://" + proxy.address());
      Connector connector =
          new Connector(jar, env(mosquitto.port(), proxy.address(), danubeTopic), out);
      try (connector;
          LedgerPublisher publisher =
              new LedgerPublisher(
                  mosquitto.port(), "chaos-publisher", ledger, topicNames, payloadBytes, 5_000)) {
        connector.start();
        publisher.startAtRate(rate);
        long end = System.nanoTime() + total.toNanos();
        stdout.printf(
            Locale.ROOT,
            "danube-mqtt-chaos: %s at %d msg/s over %d topics, a fault every ~%s (seed %d)%n",
            total,
            rate,
            topics,
            meanGap,
            seed);
        while (System.nanoTime() < end) {
          long gap = (long) (meanGap.toMillis() * (0.5 + random.nextDouble()));
          parkMillis(Math.min(gap, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
          if (System.nanoTime() >= end) {
            break;
          }
          Fault f = inject(random, proxy, mosquitto, connector);
          faults.add(f);
          stdout.printf(
              Locale.ROOT,
              "  %s %-22s %6d ms  published=%d stored=%d connector RSS max %d MiB%n",
              f.at(),
              f.kind(),
              f.millis(),
              publisher.confirmed(),
              danube.topic(danubeTopic).messageCount(),
              connector.maxRssMiB());
        }
        publisher.stop();
        proxy.pass();
        connector.ensureRunning();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        SequenceLedger.Report report = verify(ledger, danube, danubeTopic);
        while (report.lost() > 0 && System.nanoTime() < deadline) {
          parkMillis(1000);
          report = verify(ledger, danube, danubeTopic);
        }
        writeReport(report, faults, connector, publisher, total);
        return report.lost() == 0 ? 0 : 1;
      }
    }
  }

  private static SequenceLedger.Report verify(
      SequenceLedger ledger, InMemoryDanubeBroker danube, String topic) {
    List<byte[]> stored =
        danube.topic(topic).messages().stream().map(StoredMessage::payload).toList();
    return ledger.verify(stored);
  }

  private Fault inject(
      Random random, FaultProxy proxy, MosquittoProcess mosquitto, Connector connector)
      throws Exception {
    Instant at = Instant.now();
    long t0 = System.nanoTime();
    String kind;
    switch (random.nextInt(7)) {
      case 0 -> {
        kind = "danube-hang";
        proxy.blackHole();
        parkMillis(5_000 + random.nextInt(15_000));
        proxy.pass();
      }
      case 1 -> {
        kind = "danube-refuse";
        proxy.refuse();
        parkMillis(3_000 + random.nextInt(10_000));
        proxy.pass();
      }
      case 2 -> {
        kind = "danube-slow-50ms";
        proxy.delay(Duration.ofMillis(50));
        parkMillis(5_000 + random.nextInt(10_000));
        proxy.pass();
      }
      case 3 -> {
        kind = "mqtt-broker-restart";
        mosquitto.restart();
      }
      case 4 -> {
        kind = "connector-sigterm";
        connector.signalAndRestart(Signal.TERM);
      }
      case 5 -> {
        kind = "connector-sigkill";
        connector.signalAndRestart(Signal.KILL);
      }
      default -> {
        kind = "connector-sigstop";
        connector.pause(Duration.ofMillis(2_000 + random.nextInt(8_000)));
      }
    }
    return new Fault(at, kind, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  private void writeReport(
      SequenceLedger.Report report,
      List<Fault> faults,
      Connector connector,
      LedgerPublisher publisher,
      Duration total)
      throws IOException {
    Map<String, Long> byKind = new HashMap<>();
    faults.forEach(f -> byKind.merge(f.kind(), 1L, Long::sum));
    String line =
        String.format(
            Locale.ROOT,
            "danube-mqtt-chaos: duration=%s rate=%d published=%d stored=%d lost=%d duplicated=%d"
                + " reordered=%d faults=%d restarts=%d max_rss_mib=%d",
            total,
            rate,
            report.confirmed(),
            report.stored(),
            report.lost(),
            report.duplicated(),
            report.reordered(),
            faults.size(),
            connector.starts() - 1,
            connector.maxRssMiB());
    stdout.println(line);
    stdout.println("  faults: " + byKind);
    if (report.lost() > 0 || report.reordered() > 0) {
      stdout.println("  " + report);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("duration_s", total.toSeconds());
    root.put("rate", rate);
    root.put("topics", topics);
    root.put("payload_bytes", payloadBytes);
    root.put("seed", seed);
    root.put("published_confirmed", report.confirmed());
    root.put("publish_failures", publisher.failed());
    root.put("stored", report.stored());
    root.put("lost", report.lost());
    root.put("duplicated", report.duplicated());
    root.put("reordered", report.reordered());
    root.put("connector_starts", connector.starts());
    root.put("max_rss_mib", connector.maxRssMiB());
    ObjectNode kinds = root.putObject("faults");
    byKind.forEach(kinds::put);
    var list = root.putArray("fault_log");
    for (Fault f : faults) {
      list.addObject().put("at", f.at().toString()).put("kind", f.kind()).put("ms", f.millis());
    }
    json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("chaos.json").toFile(), root);
    Files.writeString(out.resolve("chaos.txt"), line + "\n" + report + "\n");
  }

  private Map<String, String> env(int mqttPort, String danube, String danubeTopic) {
    return ConnectorEnv.of("chaos", "chaos-connector", "http://" + danube, mqttPort)
        .source("chaos/#", danubeTopic)
        .persistentSession()
        .drainTimeoutSecs(10)
        .with("MALLOC_ARENA_MAX", "2")
        .map();
  }

  /** Waits {@code millis} (the fault plan's schedule), also when parking returns early. */
  private static void parkMillis(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** The connector process: restarted after every signal, its RSS sampled all along. */
  private final class Connector implements AutoCloseable {
    private final Path jar;
    private final Map<String, String> env;
    private final Path dir;
    private final AtomicLong maxRssKiB = new AtomicLong();
    private volatile JvmProcess process;
    private int starts;
    private final Thread sampler;
    private volatile boolean closed;

    Connector(Path jar, Map<String, String> env, Path dir) {
      this.jar = jar;
      this.env = env;
      this.dir = dir;
      this.sampler = new Thread(this::sample, "rss-sampler");
      sampler.setDaemon(true);
    }

    void start() throws IOException {
      starts++;
      process =
          JvmProcess.jar(jar)
              .name("connector-" + starts)
              .jvmOptions(launcherOptions())
              .env(env)
              .outputDir(dir)
              .mergeStderr()
              .start();
      process.awaitLine("connector chaos running", Duration.ofSeconds(90));
      if (!sampler.isAlive()) {
        sampler.start();
      }
    }

    void signalAndRestart(Signal signal) throws Exception {
      JvmProcess p = process;
      p.signal(signal);
      int code = p.awaitExit(Duration.ofSeconds(60));
      if (signal == Signal.TERM && code != 0) {
        stderr.printf(Locale.ROOT, "connector exited %d after SIGTERM:%n%s%n", code, p.tail(30));
      }
      start();
    }

    void pause(Duration d) {
      process.signal(Signal.STOP);
      parkMillis(d.toMillis());
      process.signal(Signal.CONT);
    }

    void ensureRunning() throws IOException {
      if (!process.isAlive()) {
        stderr.printf(Locale.ROOT, "connector died:%n%s%n", process.tail(30));
        start();
      }
    }

    int starts() {
      return starts;
    }

    long maxRssMiB() {
      return maxRssKiB.get() / 1024;
    }

    private void sample() {
      while (!closed) {
        JvmProcess p = process;
        try {
          for (String l : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (l.startsWith("VmRSS:")) {
              maxRssKiB.accumulateAndGet(Long.parseLong(l.replaceAll("[^0-9]", "")), Math::max);
            }
          }
        } catch (IOException | NumberFormatException e) {
          // between two processes
        }
        parkMillis(200);
      }
    }

    @Override
    public void close() throws Exception {
      closed = true;
      JvmProcess p = process;
      if (p != null && p.isAlive()) {
        p.stop(Duration.ofSeconds(30));
      }
    }
  }

  /** The connector's JVM flags exactly as the launcher and the image use them. */
  static List<String> launcherOptions() throws IOException {
    Path jar = BenchRun.defaultConnectorJar();
    // <root>/danube-source-mqtt/target/danube-source-mqtt.jar -> <root>/danube-source-mqtt/src/dist
    Path file = jar.getParent().getParent().resolve("src/dist/jvm.options");
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }
}
