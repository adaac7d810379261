/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.runtime.mqtt.MqttAttributes;
import io.dsm.testsupport.Closer;
import io.dsm.testsupport.JvmProcess;
import io.dsm.testsupport.MosquittoProcess;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
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
class SharedSubscriptionInteropIT {
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

  private MosquittoProcess mosquitto;
  private InMemoryDanubeBroker danube;
  private final Closer toClose = new Closer();

  @BeforeEach
  void startBrokers() throws Exception {
    mosquitto =
        toClose.add(
            MosquittoProcess.builder()
                .persistence(false)
                .maxInflightMessages(20)
                .maxQueuedMessages(100_000)
                .start());
    danube = toClose.add(InMemoryDanubeBroker.builder().start());
    danube.createNamespace("iot");
  }

  @AfterEach
  void stopAll() throws Exception {
    toClose.closeAll();
  }

  private static String replica(int i) {
    return "replica-" + i;
  }

  private JvmProcess startReplica(int protocol, int i, String label) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DANUBE_SERVICE_URL", danube.serviceUrl());
    // Distinct names only so that the test can tell which replica stored a message.
    env.put("CONNECTOR_NAME", replica(i));
    env.put("MQTT_BROKER_HOST", "127.0.0.1");
    env.put("MQTT_BROKER_PORT", Integer.toString(mosquitto.port()));
    env.put("MQTT_CLIENT_ID", replica(i));
    env.put("MQTT_SHARED_GROUP", GROUP);
    env.put("MQTT_TOPICS", "shared/#");
    env.put("MQTT_DANUBE_TOPIC", DANUBE_TOPIC);
    env.put("MQTT_QOS", "1");
    env.put("MQTT_CLEAN_SESSION", "false");
    env.put("MQTT_PROTOCOL_VERSION", Integer.toString(protocol));
    env.put("METRICS_PORT", "0");
    env.put("LOG_LEVEL", "info");
    env.put("DRAIN_TIMEOUT_SECS", "5");
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
    SeqPublisher publisher = toClose.add(new SeqPublisher(mosquitto.port(), TOTAL));
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

  private static int seqOf(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    return Integer.parseInt(text.substring(text.lastIndexOf("seq=") + 4));
  }

  /** Publishes QoS 1 messages in sequence from its own thread, as far as the test allows. */
  static final class SeqPublisher implements AutoCloseable {
    private final int port;
    private final int total;
    private final Semaphore permits = new Semaphore(0);
    private final AtomicInteger published = new AtomicInteger();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread thread;
    private int allowed;

    SeqPublisher(int port, int total) {
      this.port = port;
      this.total = total;
      this.thread = new Thread(this::publishAll, "shared-publisher");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    synchronized void allowUpTo(int limit) {
      if (limit > allowed) {
        permits.release(limit - allowed);
        allowed = limit;
      }
    }

    int published() {
      if (done.isCompletedExceptionally()) {
        try {
          done.join();
        } catch (CompletionException e) {
          throw new AssertionError("publisher failed after " + published.get(), e.getCause());
        }
      }
      return published.get();
    }

    private void publishAll() {
      Mqtt3BlockingClient client =
          Mqtt3Client.builder()
              .identifier("shared-publisher-" + port)
              .serverHost("127.0.0.1")
              .serverPort(port)
              .buildBlocking();
      try {
        client.connect();
        for (int seq = 0; seq < total; seq++) {
          permits.acquire();
          client
              .publishWith()
              .topic(topic(seq))
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(payload(seq).getBytes(StandardCharsets.UTF_8))
              .send();
          published.incrementAndGet();
        }
        done.complete(null);
      } catch (InterruptedException | RuntimeException e) {
        done.completeExceptionally(e);
      } finally {
        if (client.getState().isConnected()) {
          client.disconnect();
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
  }
}
