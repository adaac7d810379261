/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.bench.BenchConfig.Phase;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.testsupport.FaultProxy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs the phases of a benchmark against one MQTT broker. Each phase gets a fresh testkit Danube
 * broker in this JVM (so that its arrival times share the load generator's clock) and its own MQTT
 * topic prefix, then: start the receiving side, warm up, measure, stop sending, wait for the
 * stragglers, and check that every message arrived exactly once and intact.
 *
 * <p>Runs on the calling thread; creates {@code bench-publisher-*} and {@code
 * bench-danube-arrivals} threads per phase.
 */
public final class BenchRun {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** --settle: caught up when at most this many seconds of messages are in transit. */
  private static final double SETTLED_SECONDS_IN_TRANSIT = 0.05;

  private static final long DRAIN_IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * Messages the testkit keeps per phase in all (split over its topics) for the poller, which polls
   * every 2 ms: enough for 4 million msg/s, small enough that copying them is cheap.
   */
  private static final int RETAINED_MESSAGES = 8_192;

  private final BenchConfig config;
  private final ProgressBar progress;
  private final PrintStream log;
  private final long ticksPerSecond = ProcStats.clockTicksPerSecond();
  private Path connectorJar;

  public BenchRun(BenchConfig config, PrintStream err) {
    this.config = config;
    this.log = err;
    this.progress = new ProgressBar(err, config.progress());
  }

  /** Runs every configured phase; the MQTT broker is started (or connected to) once. */
  public BenchReport run() throws Exception {
    Files.createDirectories(config.workDir());
    if (config.phases().stream().anyMatch(Phase::runsConnector)) {
      // A private copy: a rebuild of the application during the run must not swap classes under
      // the running connector (it would fail to load classes it needs only at shutdown).
      if (!Files.isRegularFile(config.connectorJar())) {
        throw new IOException(
            "connector jar "
                + config.connectorJar()
                + " does not exist; build it with: mvn -B -q -DskipTests -pl danube-source-mqtt -am"
                + " package (or pass --connector-jar)");
      }
      connectorJar = config.workDir().resolve("danube-source-mqtt.jar");
      Files.copy(
          config.connectorJar(), connectorJar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    try (MqttBroker mqtt = startMqttBroker()) {
      List<PhaseResult> results = new ArrayList<>();
      for (Phase phase : config.phases()) {
        results.add(runPhase(phase, mqtt));
      }
      return new BenchReport(config, MachineInfo.collect(), mqtt.describe(), results);
    }
  }

  private MqttBroker startMqttBroker() throws Exception {
    return switch (config.mqttBroker()) {
      case "mosquitto" -> MosquittoBroker.start(config.workDir());
      case "hivemq" -> EmbeddedHiveMqBroker.start(config.workDir());
      case "external" -> MqttBroker.external(config.mqttHost(), config.mqttPort());
      default ->
          throw new IllegalArgumentException(
              "--mqtt-broker must be mosquitto, hivemq or external, but was "
                  + config.mqttBroker());
    };
  }

  private PhaseResult runPhase(Phase phase, MqttBroker mqtt) throws Exception {
    TopicLayout layout =
        phase.hotTopic()
            ? new TopicLayout(phase.tag(), 1, 1)
            : new TopicLayout(phase.tag(), config.topics(), config.routes());
    Semaphore window = new Semaphore(config.window());
    ArrivalRecorder recorder = new ArrivalRecorder(config.payloadBytes(), layout::topic, window);
    int danubeTopics = config.routes() * Math.max(1, config.partitions());
    Deque<AutoCloseable> toClose = new ArrayDeque<>();
    ConnectorProcess connector = null;
    DanubeArrivalPoller poller = null;
    progress.update(phase.key(), "starting", 0, 0, 0, 0);
    try (InMemoryDanubeBroker danube =
        InMemoryDanubeBroker.builder()
            .retainedMessagesPerTopic(Math.max(256, RETAINED_MESSAGES / danubeTopics))
            .start()) {
      danube.createNamespace("mqtt");
      String danubeUrl = danube.serviceUrl();
      if (!config.danubeDelay().isZero()) {
        // Every client connection (lookup and producer alike) goes through the proxy, because the
        // broker advertises the proxy's address as its own.
        FaultProxy proxy = FaultProxy.start("127.0.0.1", danube.port(0));
        toClose.push(proxy);
        proxy.delay(config.danubeDelay().dividedBy(2));
        danube.advertise(0, "http://" + proxy.address());
        danubeUrl = "http://" + proxy.address();
      }
      List<MessageSender> senders = new ArrayList<>();
      switch (phase) {
        case RAW_MQTT ->
            toClose.push(
                RawMqttSubscriber.subscribe(
                    mqtt.host(),
                    mqtt.port(),
                    "bench-" + phase.tag() + "-sub",
                    layout.allFilter(),
                    config.qos(),
                    recorder));
        case RAW_DANUBE -> {
          poller = new DanubeArrivalPoller(danube, recorder).start();
          toClose.push(poller);
          DanubeClient client = DanubeClients.create(DanubeClientConfig.of(danubeUrl));
          toClose.push(client);
          List<DanubeProducer> producers = new ArrayList<>();
          for (int r = 0; r < config.routes(); r++) {
            ProducerConfig pc =
                ProducerConfig.of(
                        "/default/bench_" + phase.tag() + "_r" + r,
                        "bench-raw-danube-" + r,
                        config.reliable()
                            ? DispatchStrategy.RELIABLE
                            : DispatchStrategy.NON_RELIABLE)
                    .withPartitions(config.partitions());
            producers.add(client.createProducer(pc).get(60, TimeUnit.SECONDS));
          }
          for (int i = 0; i < config.publishers(); i++) {
            senders.add(new DanubePublisher(producers, layout::routeOf, config.qos()));
          }
        }
        case CONNECTOR, ONE_IN_FLIGHT, HOT_PER_TOPIC, HOT_NONE -> {
          poller = new DanubeArrivalPoller(danube, recorder).start();
          toClose.push(poller);
          int maxInFlight = phase == Phase.ONE_IN_FLIGHT ? 1 : config.maxInFlight();
          connector =
              ConnectorProcess.start(
                  connectorJar,
                  config.connectorJavaOpts(),
                  connectorEnv(phase, layout, mqtt, danubeUrl, maxInFlight),
                  config.workDir(),
                  "connector-" + phase.key(),
                  phase == Phase.CONNECTOR ? config.jfr() : null);
          toClose.push(connector);
        }
      }
      if (phase != Phase.RAW_DANUBE) {
        for (int i = 0; i < config.publishers(); i++) {
          MqttPublisher p =
              MqttPublisher.connect(
                  mqtt.host(), mqtt.port(), "bench-" + phase.tag() + "-pub-" + i, config.qos());
          senders.add(p);
          toClose.push(p);
        }
      }
      return measure(phase, senders, layout, recorder, window, poller, connector);
    } finally {
      while (!toClose.isEmpty()) {
        try {
          toClose.pop().close();
        } catch (Exception e) {
          log.println("bench: closing after phase " + phase.key() + " failed: " + e);
        }
      }
    }
  }

  private Map<String, String> connectorEnv(
      Phase phase, TopicLayout layout, MqttBroker mqtt, String danubeUrl, int maxInFlight) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DANUBE_SERVICE_URL", danubeUrl);
    env.put("CONNECTOR_NAME", "bench-" + phase.key());
    env.put("MQTT_BROKER_HOST", mqtt.host());
    env.put("MQTT_BROKER_PORT", Integer.toString(mqtt.port()));
    env.put("MQTT_CLIENT_ID", "bench-" + phase.key());
    env.put("MQTT_TOPICS", String.join(",", layout.filters()));
    if (layout.routes() == 1) {
      env.put("MQTT_DANUBE_TOPIC", "/default/bench_" + phase.tag());
    }
    env.put("MQTT_QOS", Integer.toString(config.qos()));
    env.put("MQTT_PARTITIONS", Integer.toString(config.partitions()));
    env.put("RELIABLE_DISPATCH", Boolean.toString(config.reliable()));
    env.put("MAX_IN_FLIGHT", Integer.toString(maxInFlight));
    env.put(
        "ORDERING",
        switch (phase) {
          case HOT_PER_TOPIC -> "per_topic";
          case HOT_NONE -> "none";
          default -> config.ordering();
        });
    env.put("METRICS_PORT", "0");
    env.put("LOG_LEVEL", "info");
    return env;
  }

  private PhaseResult measure(
      Phase phase,
      List<MessageSender> senders,
      TopicLayout layout,
      ArrivalRecorder recorder,
      Semaphore window,
      DanubeArrivalPoller poller,
      ConnectorProcess connector)
      throws Exception {
    LoadGenerator load =
        new LoadGenerator(senders, layout, config.payloadBytes(), config.rate(), window);
    long warmupNanos = config.warmup().toNanos();
    long measuredNanos = config.measuredDuration(phase).toNanos();
    long start = System.nanoTime() + TICK_NANOS;
    long measureStart = start + warmupNanos;
    long measureEnd = measureStart + measuredNanos;
    // Fixed rate with --settle: the window starts once the warm-up backlog has cleared.
    boolean settling = config.rate() > 0 && !config.settle().isZero();
    long settleDeadline = measureStart + config.settle().toNanos();
    long caughtUpInTransit = Math.max(1, (long) (config.rate() * SETTLED_SECONDS_IN_TRANSIT));
    double settledAfterSeconds = Double.NaN;
    boolean settled = false;
    if (settling) {
      // Until the backlog clears nothing is measured, and the load runs on as long as it may take.
      measureEnd = settleDeadline + measuredNanos;
    } else {
      recorder.measureWindow(measureStart, measureEnd);
    }
    load.start(start, measureEnd);

    ProcStats proc = connector == null ? null : new ProcStats(connector.pid(), ticksPerSecond);
    List<PhaseResult.Second> timeline = new ArrayList<>();
    long cpuAtStart = 0;
    long cpuStartNanos = measureStart;
    int gcAtStart = 0;
    boolean measuring = false;
    long nextSecond = measureStart + TimeUnit.SECONDS.toNanos(1);
    long lastArrived = 0;
    long now;
    while ((now = System.nanoTime()) < measureEnd) {
      if (settling && now >= measureStart) {
        boolean caughtUp = load.sent() - recorder.distinct() <= caughtUpInTransit;
        if (!caughtUp && now < settleDeadline) {
          progress.update(phase.key(), "settling", 0, load.sent(), recorder.distinct(), 0);
          LockSupport.parkNanos(TICK_NANOS);
          continue;
        }
        settledAfterSeconds = (now - measureStart) / 1e9;
        settled = caughtUp;
        if (!caughtUp) {
          log.println(
              "bench: phase "
                  + phase.key()
                  + " still had "
                  + (load.sent() - recorder.distinct())
                  + " messages in transit after --settle "
                  + config.settle()
                  + "; measuring anyway");
        }
        measureStart = now;
        measureEnd = now + measuredNanos;
        recorder.measureWindow(measureStart, measureEnd);
        load.endAt(measureEnd);
        nextSecond = measureStart + TimeUnit.SECONDS.toNanos(1);
        settling = false;
      }
      if (!measuring && now >= measureStart) {
        measuring = true;
        recorder.takeInterval();
        if (proc != null) {
          cpuAtStart = proc.cpuMicros();
          cpuStartNanos = System.nanoTime();
          gcAtStart = GcLog.pausesMillis(connector.gcLog()).size();
        }
      }
      if (measuring && now >= nextSecond) {
        Histogram second = recorder.takeInterval();
        long arrived = recorder.arrivedInWindow();
        double rss = proc == null ? Double.NaN : mib(proc.rssBytes());
        timeline.add(
            new PhaseResult.Second(
                (nextSecond - measureStart) / 1e9,
                arrived - lastArrived,
                second.getTotalCount() == 0 ? Double.NaN : second.getValueAtPercentile(99) / 1e6,
                rss));
        lastArrived = arrived;
        nextSecond += TimeUnit.SECONDS.toNanos(1);
      }
      if (connector != null && !connector.isAlive()) {
        throw new IOException(
            "connector exited during phase " + phase.key() + "; its output:\n" + connector.tail());
      }
      double fraction = (double) (now - start) / (measureEnd - start);
      double rate = timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1).messages();
      progress.update(
          phase.key(),
          now < measureStart ? "warm-up" : "measure",
          fraction,
          load.sent(),
          recorder.distinct(),
          rate);
      LockSupport.parkNanos(Math.min(TICK_NANOS, Math.max(1, measureEnd - now)));
    }
    long cpuDelta = proc == null ? 0 : proc.cpuMicros() - cpuAtStart;
    long cpuWallNanos = System.nanoTime() - cpuStartNanos;
    List<Double> pauses = connector == null ? List.of() : GcLog.pausesMillis(connector.gcLog());
    double rssEnd = proc == null ? Double.NaN : mib(proc.rssBytes());
    long arrivedInWindow = recorder.arrivedInWindow();

    load.awaitDone();
    drain(phase, load, recorder);
    recorder.takeInterval();
    progress.done();

    PhaseResult.ProcessFigures figures = null;
    if (connector != null) {
      ProcStats.CpuUsage cpu = ProcStats.CpuUsage.of(cpuDelta, cpuWallNanos, arrivedInWindow);
      GcLog.PauseSummary gc =
          GcLog.PauseSummary.of(pauses.subList(Math.min(gcAtStart, pauses.size()), pauses.size()));
      List<Ratios.Sample> rssSamples = new ArrayList<>();
      double rssMax = rssEnd;
      for (PhaseResult.Second s : timeline) {
        if (!Double.isNaN(s.rssMib())) {
          rssSamples.add(new Ratios.Sample(s.t(), s.rssMib()));
          rssMax = Double.isNaN(rssMax) ? s.rssMib() : Math.max(rssMax, s.rssMib());
        }
      }
      int exit = connector.stop();
      figures =
          new PhaseResult.ProcessFigures(
              cpu.percentOfOneCore(),
              cpu.microsPerMessage(),
              rssEnd,
              rssMax,
              Ratios.slopePerMinute(rssSamples),
              gc.count(),
              gc.totalMs(),
              gc.maxMs(),
              exit);
    }
    long sent = load.sent();
    long received = recorder.distinct();
    double seconds = measuredNanos / 1e9;
    double msgsPerSecond = arrivedInWindow / seconds;
    if (load.firstError() != null) {
      log.println(
          "bench: "
              + load.sendErrors()
              + " sends failed in phase "
              + phase.key()
              + ", first: "
              + load.firstError());
    }
    return new PhaseResult(
        phase,
        sent,
        received,
        Math.max(0, sent - received),
        recorder.duplicates(),
        recorder.corrupted(),
        load.sendErrors(),
        poller == null ? 0 : poller.unobserved(),
        seconds,
        msgsPerSecond,
        Ratios.megabytesPerSecond(msgsPerSecond, config.payloadBytes()),
        LatencySummary.of(recorder.totalLatency()),
        timeline,
        figures,
        settledAfterSeconds,
        settled);
  }

  /** Waits for the stragglers: until everything arrived or nothing arrived for 10 s. */
  private void drain(Phase phase, LoadGenerator load, ArrivalRecorder recorder) {
    long last = -1;
    long lastProgress = System.nanoTime();
    while (recorder.distinct() < load.sent()) {
      long got = recorder.distinct();
      long now = System.nanoTime();
      if (got != last) {
        last = got;
        lastProgress = now;
      } else if (now - lastProgress > DRAIN_IDLE_NANOS) {
        return;
      }
      progress.update(phase.key(), "drain", 1, load.sent(), got, 0);
      LockSupport.parkNanos(TICK_NANOS);
    }
  }

  private static double mib(OptionalLong bytes) {
    return bytes.isPresent() ? bytes.getAsLong() / (1024.0 * 1024.0) : Double.NaN;
  }

  static Path defaultConnectorJar() {
    String root = System.getProperty("dsm.root");
    Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    for (Path p = base; p != null; p = p.getParent()) {
      Path jar = p.resolve("danube-source-mqtt/target/danube-source-mqtt.jar");
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    }
    return base.resolve("danube-source-mqtt/target/danube-source-mqtt.jar");
  }
}
