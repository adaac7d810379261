/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.testsupport.ConnectorEnv;
import io.dsm.testsupport.FaultProxy;
import io.dsm.testsupport.FreePorts;
import io.dsm.testsupport.JvmProcess;
import io.dsm.testsupport.LedgerPublisher;
import io.dsm.testsupport.MosquittoTestBase;
import io.dsm.testsupport.SequenceLedger;
import io.dsm.testsupport.Signal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connector as operators run it (a separate JVM with the launcher's memory flags) against a
 * real Mosquitto 2.0.11 and the Danube test broker, under the faults that broke it before: SIGTERM
 * under load, a backlog far beyond every window while Danube hangs, oversize messages, a stop
 * during a start that waits for Danube. Every message is sequence-stamped; lost, duplicated and
 * reordered ones are counted per topic ({@link SequenceLedger}).
 */
@Tag("interop")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConnectorFaultInteropIT extends MosquittoTestBase {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String DANUBE_TOPIC = "/iot/faults";

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(
          b -> b.namespace("iot").retainedMessagesPerTopic(Integer.MAX_VALUE));

  InMemoryDanubeBroker danube;
  private FaultProxy toDanube;

  ConnectorFaultInteropIT() {
    // The broker settings that hurt: a small in-flight window it does not keep once acks flow,
    // and no queue limit, so a backlog of any size waits for the connector's session.
    super(b -> b.persistence(true).maxInflightMessages(20).maxQueuedMessages(0));
  }

  @BeforeEach
  void start() throws Exception {
    toDanube = toClose.add(FaultProxy.start("127.0.0.1", danube.port(0)));
    danube.advertise(0, "http://" + toDanube.address());
  }

  private Map<String, String> env(String clientId, int protocol) {
    return ConnectorEnv.of(clientId, clientId, "http://" + toDanube.address(), mosquitto.port())
        .protocol(protocol)
        .source("f/#", DANUBE_TOPIC)
        .persistentSession()
        .with("METRICS_PORT", Integer.toString(FreePorts.find()))
        .with("METRICS_BIND_ADDRESS", "127.0.0.1")
        .drainTimeoutSecs(20)
        .map();
  }

  /** The connector with exactly the launcher's and the image's JVM flags. */
  private JvmProcess connector(String name, Map<String, String> env) throws IOException {
    return toClose.add(
        JvmProcess.mainClass(Main.class)
            .name(name)
            .jvmOptions(launcherOptions())
            .env(env)
            .mergeStderr()
            .start());
  }

  static List<String> launcherOptions() throws IOException {
    return Files.readAllLines(Path.of("src/dist/jvm.options"), StandardCharsets.UTF_8).stream()
        .map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private List<byte[]> stored() {
    return danube.topic(DANUBE_TOPIC).messages().stream().map(StoredMessage::payload).toList();
  }

  private static List<String> topics(int n) {
    return IntStream.range(0, n).mapToObj(i -> "f/t" + i).toList();
  }

  // ---- item 1: SIGTERM under load -------------------------------------------------------------

  @Test
  void sigtermUnderLoadThenRestartLosesNothingAcrossRepeatedCycles() throws Exception {
    SequenceLedger ledger = new SequenceLedger();
    Map<String, String> env = env("fault-term", 3);
    JvmProcess first = connector("term-0", env);
    first.awaitLine("connector fault-term running", WAIT);
    LedgerPublisher pub =
        toClose.add(
            new LedgerPublisher(mosquitto.port(), "pub-term", ledger, topics(20), 200, 2000));
    pub.startAtRate(1500);
    JvmProcess current = first;
    for (int cycle = 1; cycle <= 3; cycle++) {
      long target = pub.confirmed() + 1500; // about a second of load through the connector
      await().atMost(WAIT).until(() -> pub.confirmed() >= target);
      current.signal(Signal.TERM);
      assertThat(current.awaitExit(Duration.ofSeconds(40)))
          .as("exit code after SIGTERM; output:%n%s", current.tail(40))
          .isZero();
      current = connector("term-" + cycle, env);
      current.awaitLine("connector fault-term running", WAIT);
    }
    pub.stop();
    long confirmed = pub.confirmed();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> ledger.verify(stored()).lost() == 0);

    SequenceLedger.Report report = ledger.verify(stored());
    System.out.printf(Locale.ROOT, "fault: sigterm cycles: %s%n", report);
    assertThat(confirmed).isGreaterThan(4000);
    assertThat(report.lost()).as(report.toString()).isZero();
    assertThat(report.reordered()).as(report.toString()).isZero();
    assertThat(current.isAlive()).isTrue();
  }

  // ---- item 2: a backlog far beyond every window, Danube hung -------------------------------

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(ints = {3, 5})
  void aBacklogOf100kWhileDanubeHangsDrainsWithBoundedMemory(int protocol) throws Exception {
    SequenceLedger ledger = new SequenceLedger();
    String id = "fault-backlog-" + protocol;
    Map<String, String> env = env(id, protocol);
    JvmProcess c = connector(id, env);
    c.awaitLine("connector " + id + " running", WAIT);
    RssSampler rss = toClose.add(new RssSampler(c.pid()));

    toDanube.blackHole(); // Danube stops answering; connections stay open
    int total = 100_000;
    try (LedgerPublisher pub =
        new LedgerPublisher(mosquitto.port(), "pub-" + id, ledger, topics(20), 1024, 5000)) {
      pub.publish(total);
      await().atMost(WAIT).until(() -> pub.confirmed() == total);
    }
    assertThat(c.isAlive()).as("alive with the backlog queued; output:%n%s", c.tail(30)).isTrue();
    long rssWhileHung = rss.maxMiB();
    String health = get(env, "/health");

    toDanube.pass();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> ledger.verify(stored()).lost() == 0);

    SequenceLedger.Report report = ledger.verify(stored());
    long limitMiB = kubernetesLimitMiB();
    System.out.printf(
        Locale.ROOT,
        "fault: backlog MQTT %d: %s; max RSS %d MiB (%d MiB while hung), Kubernetes limit %d MiB%n",
        protocol,
        report,
        rss.maxMiB(),
        rssWhileHung,
        limitMiB);
    assertThat(report.lost()).as(report.toString()).isZero();
    assertThat(report.reordered()).as(report.toString()).isZero();
    assertThat(report.duplicated()).as("duplicates: %s", report).isLessThan(total * 3 / 100);
    assertThat(c.isAlive()).as("no OOM, no exit; output:%n%s", c.tail(30)).isTrue();
    assertThat(c.output()).doesNotContain("OutOfMemoryError");
    assertThat(health).contains("\"status\":\"UP\"");
    assertThat(rss.maxMiB()).as("max RSS, MiB").isLessThan(limitMiB * 85 / 100);
  }

  // ---- container memory: steady 2 KiB load under the shipped limit -------------------------

  @Test
  void forwarding2KiBMessagesAtThreeThousandPerSecondStaysUnder85PercentOfTheMemoryLimit()
      throws Exception {
    String id = "fault-rss";
    Map<String, String> env = env(id, 3);
    JvmProcess c = connector(id, env);
    c.awaitLine("connector " + id + " running", WAIT);
    RssSampler rss = toClose.add(new RssSampler(c.pid()));
    SequenceLedger ledger = new SequenceLedger();
    try (LedgerPublisher pub =
        new LedgerPublisher(mosquitto.port(), "pub-rss", ledger, topics(50), 2048, 2000)) {
      pub.startAtRate(3000);
      long target = 3000L * 20;
      await().atMost(Duration.ofMinutes(2)).until(() -> pub.confirmed() >= target);
      pub.stop();
    }
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> ledger.verify(stored()).lost() == 0);
    long limitMiB = kubernetesLimitMiB();
    System.out.printf(
        Locale.ROOT,
        "fault: 2 KiB at 3,000 msg/s for 20 s: max RSS %d MiB, limit %d MiB%n",
        rss.maxMiB(),
        limitMiB);
    assertThat(rss.maxMiB()).isLessThan(limitMiB * 85 / 100);
    assertThat(c.isAlive()).isTrue();
  }

  // ---- item 6: oversize messages --------------------------------------------------------------

  @Test
  void anOversizeMessageIsDroppedCountedAcknowledgedAndTheStreamGoesOn() throws Exception {
    String id = "fault-big";
    Map<String, String> env = env(id, 3);
    env.put("MQTT_MAX_PACKET_SIZE", "1000");
    JvmProcess c = connector(id, env);
    c.awaitLine("connector " + id + " running", WAIT);
    SequenceLedger ledger = new SequenceLedger();
    try (LedgerPublisher small =
            new LedgerPublisher(mosquitto.port(), "pub-small", ledger, List.of("f/small"), 50, 10);
        TestMqtt big = new TestMqtt(mosquitto.port(), "pub-big")) {
      small.publish(5);
      big.publish("f/big", new byte[2 * 1024 * 1024]); // 2 MB over a 1,000-byte limit
      big.publish("f/huge", new byte[60 * 1024 * 1024]); // and 60 MB: never in memory
      small.publish(5);
      await().atMost(WAIT).until(() -> small.confirmed() == 10);
    }
    await().atMost(WAIT).until(() -> stored().size() == 10);
    assertThat(ledger.verify(stored()).lost()).isZero();
    assertThat(stored()).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(1000));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(get(env, "/metrics"))
                    .contains(
                        "danube_connector_messages_dropped_total{connector=\""
                            + id
                            + "\",danube_topic=\""
                            + DANUBE_TOPIC
                            + "\",reason=\"oversize\",route=\"f/#\"} 2.0"));
    assertThat(get(env, "/health")).contains("\"status\":\"UP\"");
    assertThat(c.output()).contains("larger than MQTT_MAX_PACKET_SIZE");

    // Acknowledged: a restart with the same persistent session gets neither again.
    c.signal(Signal.TERM);
    assertThat(c.awaitExit(Duration.ofSeconds(30))).isZero();
    JvmProcess again = connector(id + "-again", env);
    again.awaitLine("connector " + id + " running", WAIT);
    try (TestMqtt marker = new TestMqtt(mosquitto.port(), "pub-marker")) {
      marker.publish("f/small", "after".getBytes(StandardCharsets.UTF_8));
    }
    await().atMost(WAIT).until(() -> stored().size() == 11);
    assertThat(get(env, "/metrics")).doesNotContain("reason=\"oversize\",route=\"f/#\"} 1.0");
  }

  // ---- item 9: a stop during a start that waits for Danube -----------------------------------

  @Test
  void sigtermDuringAStartWaitingForDanubeStopsWithinFiveSeconds() throws Exception {
    toDanube.blackHole(); // the start's lookups and CreateProducer get no answer
    Map<String, String> env = env("fault-start", 3);
    JvmProcess c = connector("start", env);
    c.awaitLine("Starting connector 'fault-start'", WAIT);
    long t0 = System.nanoTime();

    c.signal(Signal.TERM);
    int code = c.awaitExit(Duration.ofSeconds(10));

    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(code).as("exit code; output:%n%s", c.tail(20)).isZero();
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static String get(Map<String, String> env, String path) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("METRICS_PORT") + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The memory limit of the shipped Kubernetes manifests, in MiB. */
  static long kubernetesLimitMiB() throws IOException {
    String limit =
        DeploymentFiles.connectorContainer().get("resources").get("limits").get("memory").asText();
    assertThat(limit).endsWith("Mi");
    return Long.parseLong(limit.substring(0, limit.length() - 2));
  }

  /** Samples a process's resident set size from /proc every 100 ms and keeps the largest. */
  static final class RssSampler implements AutoCloseable {
    private final AtomicLong maxKiB = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;

    RssSampler(long pid) {
      Path status = Path.of("/proc", Long.toString(pid), "status");
      thread =
          new Thread(
              () -> {
                while (!stop) {
                  try {
                    for (String line : Files.readAllLines(status)) {
                      if (line.startsWith("VmRSS:")) {
                        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        maxKiB.accumulateAndGet(kib, Math::max);
                      }
                    }
                  } catch (IOException | NumberFormatException e) {
                    return; // the process ended
                  }
                  java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // sampling rate
                }
              },
              "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long maxMiB() {
      return maxKiB.get() / 1024;
    }

    @Override
    public void close() {
      stop = true;
    }
  }
}
