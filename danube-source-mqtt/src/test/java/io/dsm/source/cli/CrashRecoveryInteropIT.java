/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.runtime.mqtt.MqttAttributes;
import io.dsm.testsupport.ConnectorEnv;
import io.dsm.testsupport.GatedPublisher;
import io.dsm.testsupport.JvmProcess;
import io.dsm.testsupport.MosquittoTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At-least-once across a real crash: the connector runs as a separate JVM against a real Mosquitto
 * (persistent session, QoS 1) and the in-memory Danube broker, and is killed with SIGKILL while
 * messages stream through it. After a restart with the same client id, every published message must
 * be in Danube with its exact bytes; duplicates are allowed only as re-sends of messages that were
 * in flight when the process died, and are counted and printed.
 */
@Tag("interop")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrashRecoveryInteropIT extends MosquittoTestBase {
  private static final int TOTAL = 1000;

  /** Published before the kill; the kill happens once {@link #KILL_AT_STORED} are in Danube. */
  private static final int PUBLISHED_BEFORE_KILL = 500;

  private static final int KILL_AT_STORED = 200;

  /** Published while no connector runs: Mosquitto queues them for the persistent session. */
  private static final int PUBLISHED_WHILE_DOWN = 250;

  private static final int SIGKILL_EXIT = 128 + 9;
  private static final List<String> MQTT_TOPICS =
      List.of("crash/line1/temp", "crash/line2/temp", "crash/line3/pressure");
  private static final String DANUBE_TOPIC = "/iot/crash-recovery";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(b -> b.namespace("iot"));

  InMemoryDanubeBroker danube;

  CrashRecoveryInteropIT() {
    // The connector's session queues everything published while it is down.
    super(b -> b.persistence(true).maxInflightMessages(20).maxQueuedMessages(100_000));
  }

  @Test
  void sigkillMidStreamThenRestartLosesNothing() throws Exception {
    Crash crash = new Crash("crash-mid");

    Outcome outcome = crash.run(() -> {}, () -> {});

    Report report = Report.of(outcome, "mid-stream");
    report.assertAtLeastOnceAcrossTheRestart();
  }

  @Test
  void sigkillWhileDanubeHoldsSendsRedeliversTheHeldMessages() throws Exception {
    Crash crash = new Crash("crash-held");
    long[] holdStartedNanos = new long[1];

    Outcome outcome =
        crash.run(
            () -> {
              danube.faults().holdSends();
              holdStartedNanos[0] = System.nanoTime();
              // More traffic, so that the connector surely has something to send into the hold.
              crash.publisher.allowUpTo(PUBLISHED_BEFORE_KILL + 50);
              await()
                  .atMost(WAIT)
                  .untilAsserted(() -> assertThat(danube.faults().heldSends()).isPositive());
            },
            // The answers go to a dead connection: the connector never saw them, never acked MQTT.
            () -> danube.faults().releaseSends());

    Report report = Report.of(outcome, "held-sends");
    report.assertAtLeastOnceAcrossTheRestart();
    List<Integer> held =
        outcome.stored().stream()
            .filter(m -> m.arrivalNanos() > holdStartedNanos[0])
            .filter(m -> m.arrivalNanos() < outcome.restartNanos())
            .map(m -> Published.seqOf(m.payload()))
            .toList();
    System.out.printf(
        Locale.ROOT,
        "crash-recovery: held-sends: %d message(s) stored but unanswered%n",
        held.size());
    assertThat(held).as("messages stored while Danube held the answers").isNotEmpty();
    assertThat(held)
        .as("every held message was redelivered by Mosquitto after the restart and stored again")
        .allSatisfy(seq -> assertThat(report.occurrences(seq)).as("seq %d", seq).isEqualTo(2));
  }

  /** The messages in Danube at the end, and when the second connector process was started. */
  record Outcome(List<Published> published, List<StoredMessage> stored, long restartNanos) {}

  /** One run: start, publish, SIGKILL mid-stream, publish while down, restart, wait for all. */
  private final class Crash {
    private final String clientId;
    private final List<Published> published =
        IntStream.range(0, TOTAL).mapToObj(Published::of).toList();
    private final GatedPublisher publisher;

    Crash(String clientId) {
      this.clientId = clientId;
      this.publisher =
          toClose.add(
              new GatedPublisher(
                  mosquitto.port(), "crash-publisher-" + mosquitto.port(), published));
    }

    private Map<String, String> env() {
      return ConnectorEnv.of(clientId, clientId, danube.serviceUrl(), mosquitto.port())
          .source("crash/#", DANUBE_TOPIC)
          .persistentSession()
          .with("LOG_LEVEL", "info")
          .drainTimeoutSecs(5)
          .map();
    }

    private JvmProcess startConnector(String label) throws Exception {
      JvmProcess p =
          JvmProcess.mainClass(Main.class)
              .name(clientId + "-" + label)
              .jvmOptions("-Xmx128m")
              .env(env())
              .mergeStderr()
              .start();
      toClose.add(p);
      return p;
    }

    Outcome run(ThrowingRunnable beforeKill, ThrowingRunnable afterKill) throws Exception {
      JvmProcess first = startConnector("first");
      // Subscribed from here on, so the session exists before anything is published.
      first.awaitLine("connector " + clientId + " running", WAIT);
      publisher.allowUpTo(PUBLISHED_BEFORE_KILL);
      publisher.start();
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(1))
          .untilAsserted(
              () ->
                  assertThat(danube.topic(DANUBE_TOPIC).messageCount())
                      // Lazy: polled every millisecond, the logs are read only on failure.
                      .as(
                          () ->
                              String.format(
                                  Locale.ROOT,
                                  "stored in Danube, %d published; connector output:%n%s%n"
                                      + "mosquitto:%n%s",
                                  publisher.published(),
                                  tail(first),
                                  mosquitto.process().log()))
                      .isGreaterThanOrEqualTo(KILL_AT_STORED));

      beforeKill.run();
      int exit = first.kill();
      assertThat(exit)
          .as("exit value of the SIGKILLed connector (128 + 9); output:%n%s", first.output())
          .isEqualTo(SIGKILL_EXIT);
      long storedAtKill = danube.topic(DANUBE_TOPIC).messageCount();
      assertThat(storedAtKill).as("stored in Danube when the connector died").isLessThan(TOTAL);
      afterKill.run();

      int whileDown = PUBLISHED_BEFORE_KILL + PUBLISHED_WHILE_DOWN;
      publisher.allowUpTo(whileDown);
      await().atMost(WAIT).until(() -> publisher.published() >= whileDown);

      long restartNanos = System.nanoTime();
      JvmProcess second = startConnector("second");
      publisher.allowUpTo(TOTAL);
      await().atMost(WAIT).until(() -> publisher.published() == TOTAL);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                assertThat(second.isAlive()).as("second connector alive").isTrue();
                List<Integer> missing = missingSeqs(danube.topic(DANUBE_TOPIC).messages());
                assertThat(missing.size())
                    .as(
                        () ->
                            String.format(
                                Locale.ROOT,
                                "published messages missing from Danube (first: %s);"
                                    + " second connector output:%n%s",
                                missing.subList(0, Math.min(20, missing.size())),
                                tail(second)))
                    .isZero();
              });
      System.out.printf(
          Locale.ROOT,
          "crash-recovery: client=%s storedAtKill=%d publishedBeforeRestart=%d%n",
          clientId,
          storedAtKill,
          whileDown);
      return new Outcome(published, danube.topic(DANUBE_TOPIC).messages(), restartNanos);
    }
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static List<Integer> missingSeqs(List<StoredMessage> stored) {
    Set<Integer> seen =
        stored.stream().map(m -> Published.seqOf(m.payload())).collect(Collectors.toSet());
    return IntStream.range(0, TOTAL).filter(seq -> !seen.contains(seq)).boxed().toList();
  }

  private static String tail(JvmProcess p) {
    String out = p.output();
    return out.length() <= 4000 ? out : "..." + out.substring(out.length() - 4000);
  }

  /** One published message: its sequence number, MQTT topic and exact payload. */
  record Published(int seq, String topic, byte[] payload) implements GatedPublisher.Message {
    private static final String SEQ = " seq=";

    static Published of(int seq) {
      String topic = MQTT_TOPICS.get(seq % MQTT_TOPICS.size());
      String text = String.format(Locale.ROOT, "%s%s%06d", topic, SEQ, seq);
      return new Published(seq, topic, text.getBytes(StandardCharsets.UTF_8));
    }

    static int seqOf(byte[] payload) {
      String text = new String(payload, StandardCharsets.UTF_8);
      int at = text.lastIndexOf(SEQ);
      if (at < 0) {
        throw new AssertionError("payload without a sequence number: " + text);
      }
      return Integer.parseInt(text.substring(at + SEQ.length()));
    }
  }

  /** What is in Danube compared with what was published, and the assertions on it. */
  record Report(
      String scenario,
      Outcome outcome,
      Map<Integer, List<Integer>> indexesBySeq,
      int duplicates,
      List<Integer> gaps) {

    static Report of(Outcome outcome, String scenario) {
      Map<Integer, List<Integer>> indexes = new LinkedHashMap<>();
      List<StoredMessage> stored = outcome.stored();
      for (int i = 0; i < stored.size(); i++) {
        indexes
            .computeIfAbsent(Published.seqOf(stored.get(i).payload()), k -> new ArrayList<>())
            .add(i);
      }
      List<Integer> gaps =
          IntStream.range(0, outcome.published().size())
              .filter(seq -> !indexes.containsKey(seq))
              .boxed()
              .toList();
      Report r = new Report(scenario, outcome, indexes, stored.size() - indexes.size(), gaps);
      r.print();
      return r;
    }

    int occurrences(int seq) {
      return indexesBySeq.getOrDefault(seq, List.of()).size();
    }

    private void print() {
      System.out.printf(
          Locale.ROOT,
          "crash-recovery: published=%d stored=%d duplicates=%d gaps=%d (%s)%n",
          outcome.published().size(),
          outcome.stored().size(),
          duplicates,
          gaps.size(),
          scenario);
      List<StoredMessage> stored = outcome.stored();
      indexesBySeq.forEach(
          (seq, at) -> {
            if (at.size() > 1) {
              System.out.printf(
                  Locale.ROOT,
                  "crash-recovery: duplicate seq=%d topic=%s stored at %s%s%n",
                  seq,
                  stored.get(at.get(0)).attributes().get(MqttAttributes.TOPIC),
                  at,
                  redeliveryNote(at));
            }
          });
    }

    private String redeliveryNote(List<Integer> at) {
      List<StoredMessage> stored = outcome.stored();
      boolean firstBefore = stored.get(at.get(0)).arrivalNanos() < outcome.restartNanos();
      return firstBefore ? " (first copy before the restart)" : " (all copies after the restart)";
    }

    void assertAtLeastOnceAcrossTheRestart() {
      List<StoredMessage> stored = outcome.stored();
      Map<Integer, Published> published =
          outcome.published().stream()
              .collect(Collectors.toMap(Published::seq, p -> p, (a, b) -> a, HashMap::new));

      assertThat(gaps).as("published sequence numbers missing from Danube").isEmpty();

      for (int i = 0; i < stored.size(); i++) {
        StoredMessage m = stored.get(i);
        Published p = published.get(Published.seqOf(m.payload()));
        assertThat(p)
            .as("stored message %d %s was never published", i, m.payloadUtf8())
            .isNotNull();
        assertThat(Arrays.equals(m.payload(), p.payload()))
            .as("exact payload bytes of seq %d (stored %s)", p.seq(), m.payloadUtf8())
            .isTrue();
        assertThat(m.attributes())
            .as("attributes of seq %d", p.seq())
            .containsEntry(MqttAttributes.TOPIC, p.topic());
      }

      // Per MQTT topic the first copies are in publish order (re-sends may repeat older ones).
      Map<String, List<Integer>> firstsByTopic = new LinkedHashMap<>();
      indexesBySeq.forEach(
          (seq, at) ->
              firstsByTopic
                  .computeIfAbsent(published.get(seq).topic(), t -> new ArrayList<>())
                  .add(seq));
      firstsByTopic.forEach(
          (topic, seqs) ->
              assertThat(seqs).as("first occurrences on MQTT topic %s", topic).isSorted());

      // A duplicate is a re-send: its first copy reached Danube from the killed process (stored,
      // but the PUBACK never left), the repeat from the restarted one after Mosquitto redelivered.
      indexesBySeq.forEach(
          (seq, at) -> {
            if (at.size() > 1) {
              assertThat(stored.get(at.get(0)).arrivalNanos())
                  .as("first copy of duplicated seq %d arrived before the restart", seq)
                  .isLessThan(outcome.restartNanos());
              for (int k = 1; k < at.size(); k++) {
                assertThat(stored.get(at.get(k)).arrivalNanos())
                    .as("repeat %d of seq %d arrived after the restart", k, seq)
                    .isGreaterThanOrEqualTo(outcome.restartNanos());
              }
            }
          });
    }
  }
}
