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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three connector processes in one MQTT shared subscription group ({@code MQTT_SHARED_GROUP})
 * against a real Mosquitto, each with its own persistent session: a sequence-numbered QoS 1 load
 * over 24 topics is split between them and every message reaches Danube. One replica is SIGKILLed
 * mid-stream and restarted with the same client id: nothing is lost. The test also measures what
 * the broker does with the dead member's share while it is down and prints it (the numbers are in
 * docs/DEPLOYMENT.md).
 */
@Tag("interop")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedSubscriptionInteropIT extends MosquittoTestBase {
  private static final int REPLICAS = 3;
  private static final int TOPICS = 24;
  private static final int TOTAL = 3000;
  private static final int PUBLISHED_BEFORE_KILL = 1200;
  private static final int KILL_AT_STORED = 500;
  private static final int PUBLISHED_WHILE_DOWN = 600;
  private static final String GROUP = "dsm-it";
  private static final String DANUBE_TOPIC = "/iot/shared";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int SIGKILL_EXIT = 128 + 9;

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(b -> b.namespace("iot"));

  InMemoryDanubeBroker danube;

  SharedSubscriptionInteropIT() {
    super(b -> b.persistence(false).maxInflightMessages(20).maxQueuedMessages(100_000));
  }

  private static String replica(int i) {
    return "replica-" + i;
  }

  private JvmProcess startReplica(int protocol, int i, String label) throws Exception {
    // Distinct names only so that the test can tell which replica stored a message.
    Map<String, String> env =
        ConnectorEnv.of(replica(i), replica(i), danube.serviceUrl(), mosquitto.port())
            .source("shared/#", DANUBE_TOPIC)
            .persistentSession()
            .protocol(protocol)
            .with("MQTT_SHARED_GROUP", GROUP)
            .with("LOG_LEVEL", "info")
            .drainTimeoutSecs(5)
            .map();
    JvmProcess p =
        toClose.add(
            JvmProcess.mainClass(Main.class)
                .name(replica(i) + "-" + label)
                .jvmOptions("-Xmx96m", "-XX:TieredStopAtLevel=1")
                .env(env)
                .mergeStderr()
                .start());
    p.awaitLine("Subscribed '$share/" + GROUP + "/shared/#'", WAIT);
    return p;
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(ints = {3, 5})
  void replicasShareTheLoadAndAKilledReplicaLosesNothingAfterRestart(int protocol)
      throws Exception {
    List<JvmProcess> first = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      first.add(startReplica(protocol, i, "first"));
    }
    GatedPublisher publisher =
        toClose.add(
            new GatedPublisher(
                mosquitto.port(),
                "shared-publisher-" + mosquitto.port(),
                IntStream.range(0, TOTAL)
                    .mapToObj(seq -> GatedPublisher.Message.of(topic(seq), payloadBytes(seq)))
                    .toList()));
    publisher.allowUpTo(PUBLISHED_BEFORE_KILL);
    publisher.start();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(2))
        .until(() -> danube.topic(DANUBE_TOPIC).messageCount() >= KILL_AT_STORED);

    int victim = 1;
    assertThat(first.get(victim).kill()).isEqualTo(SIGKILL_EXIT);
    int publishedAtKill = publisher.published();
    long storedAtKill = danube.topic(DANUBE_TOPIC).messageCount();

    int whileDown = PUBLISHED_BEFORE_KILL + PUBLISHED_WHILE_DOWN;
    publisher.allowUpTo(whileDown);
    await().atMost(WAIT).until(() -> publisher.published() >= whileDown);
    // Measurement only: let the two live members finish what the broker gave them.
    int[] last = {-1};
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .during(Duration.ofSeconds(1))
        .until(
            () -> {
              int n = missing(whileDown).size();
              boolean unchanged = n == last[0];
              last[0] = n;
              return unchanged;
            });
    List<Integer> heldForTheDead = missing(whileDown);

    long restartNanos = System.nanoTime();
    JvmProcess restarted = startReplica(protocol, victim, "restarted");
    publisher.allowUpTo(TOTAL);
    await().atMost(WAIT).until(() -> publisher.published() == TOTAL);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(missing(TOTAL))
                    .as(
                        () ->
                            "published but not in Danube; restarted replica:\n"
                                + restarted.tail(40))
                    .isEmpty());

    List<StoredMessage> stored = danube.topic(DANUBE_TOPIC).messages();
    Map<String, Integer> firstCopiesByReplica = new TreeMap<>();
    Map<Integer, Integer> copies = new HashMap<>();
    Set<Integer> seen = new HashSet<>();
    for (StoredMessage m : stored) {
      int seq = seqOf(m.payload());
      copies.merge(seq, 1, Integer::sum);
      assertThat(m.payloadUtf8()).isEqualTo(payload(seq));
      assertThat(m.attributes()).containsEntry(MqttAttributes.TOPIC, topic(seq));
      if (seen.add(seq)) {
        firstCopiesByReplica.merge(replicaOf(m), 1, Integer::sum);
      }
    }
    long duplicates = stored.size() - seen.size();
    List<Integer> heldStoredAfterRestartByVictim =
        stored.stream()
            .filter(m -> m.arrivalNanos() >= restartNanos)
            .filter(m -> replicaOf(m).equals(replica(victim)))
            .map(m -> seqOf(m.payload()))
            .filter(heldForTheDead::contains)
            .distinct()
            .toList();
    System.out.printf(
        Locale.ROOT,
        "shared-subscription: MQTT %d: published=%d stored=%d duplicates=%d share=%s%n"
            + "shared-subscription: MQTT %d: killed %s at stored=%d published=%d; %d published while it was"
            + " down; %d of all published by then waited for it (in flight or queued in its"
            + " session), %d of those stored by it after the restart%n",
        protocol,
        TOTAL,
        stored.size(),
        duplicates,
        firstCopiesByReplica,
        protocol,
        replica(victim),
        storedAtKill,
        publishedAtKill,
        whileDown - publishedAtKill,
        heldForTheDead.size(),
        heldStoredAfterRestartByVictim.size());

    assertThat(seen).hasSize(TOTAL);
    assertThat(firstCopiesByReplica)
        .as("every replica stored a share")
        .containsOnlyKeys(replica(0), replica(1), replica(2))
        .allSatisfy((r, n) -> assertThat(n).as(r).isGreaterThanOrEqualTo(TOTAL / 10));
    // Duplicates only from the crash: at most what the dead member had in flight (its window).
    assertThat(copies.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
    for (int i = 0; i < REPLICAS; i++) {
      if (i != victim) {
        assertThat(first.get(i).isAlive()).as(replica(i) + " alive").isTrue();
      }
    }
    assertThat(restarted.isAlive()).isTrue();
  }

  private List<Integer> missing(int upTo) {
    Set<Integer> seen = new HashSet<>();
    for (StoredMessage m : danube.topic(DANUBE_TOPIC).messages()) {
      seen.add(seqOf(m.payload()));
    }
    return IntStream.range(0, upTo).filter(s -> !seen.contains(s)).boxed().toList();
  }

  private static String replicaOf(StoredMessage m) {
    // Producer names are <CONNECTOR_NAME>-<topic>.
    String name = m.producerName();
    return name.substring(0, name.indexOf("-", "replica-".length()));
  }

  private static String topic(int seq) {
    return String.format(Locale.ROOT, "shared/line-%02d/temp", seq % TOPICS);
  }

  private static String payload(int seq) {
    return String.format(Locale.ROOT, "%s seq=%06d", topic(seq), seq);
  }

  private static byte[] payloadBytes(int seq) {
    return payload(seq).getBytes(StandardCharsets.UTF_8);
  }

  private static int seqOf(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    return Integer.parseInt(text.substring(text.lastIndexOf("seq=") + 4));
  }
}
