/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.sink.cli.Main;
import io.dsm.testsupport.ConnectorEnv;
import io.dsm.testsupport.JvmProcess;
import io.dsm.testsupport.MosquittoTestBase;
import io.dsm.testsupport.Signal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink under faults, with sequence numbers counted on the MQTT side: SIGKILL of the sink
 * process mid-stream and a restart, a restart of the MQTT broker, and two replicas sharing one
 * Danube subscription. Every message must reach MQTT at least once; duplicates are counted and
 * printed.
 */
@Tag("interop")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SinkFaultInteropIT extends MosquittoTestBase {
  private static final String TOPIC = "/iot/commands";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(b -> b.namespace("iot"));

  InMemoryDanubeBroker danube;
  private DanubeProducer producer;

  /** Sequence number -> times it arrived on MQTT. */
  private final Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();

  /** Publisher (the dsm.sink marker) -> messages. */
  private final Map<String, AtomicInteger> byReplica = new ConcurrentHashMap<>();

  SinkFaultInteropIT() {
    super(b -> b.persistence(true).maxQueuedMessages(100_000));
  }

  @BeforeEach
  void start() throws Exception {
    producer = TestConnectors.commander(toClose, danube.serviceUrl(), TOPIC);
    collector();
  }

  /** Replicas of one sink share the Danube subscription "commands". */
  private ConnectorEnv env(String name, String clientId) {
    return ConnectorEnv.of(name, clientId, danube.serviceUrl(), mosquitto.port())
        .protocol(5)
        .sink(TOPIC, "devices/{attr.device}/cmd")
        .with("DANUBE_SUBSCRIPTION", "commands")
        .with("DANUBE_SUBSCRIPTION_TYPE", "shared")
        .with("MQTT_QOS", "1")
        .with("MAX_IN_FLIGHT", "32")
        .drainTimeoutSecs(5);
  }

  private MqttSinkConnector inProcessSink(String name, String clientId) throws Exception {
    return TestConnectors.startSink(toClose, env(name, clientId));
  }

  /** A device-side subscriber with a persistent session: it misses nothing across a restart. */
  private void collector() throws Exception {
    Mqtt5AsyncClient c =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("devices")
            .serverHost("127.0.0.1")
            .serverPort(mosquitto.port())
            .automaticReconnect()
            .initialDelay(50, TimeUnit.MILLISECONDS)
            .maxDelay(500, TimeUnit.MILLISECONDS)
            .applyAutomaticReconnect()
            .buildAsync();
    c.publishes(MqttGlobalPublishFilter.ALL, this::record);
    c.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(10, TimeUnit.SECONDS);
    c.subscribeWith()
        .topicFilter("devices/#")
        .qos(MqttQos.AT_LEAST_ONCE)
        .send()
        .get(10, TimeUnit.SECONDS);
    toClose.add(() -> c.disconnect().get(5, TimeUnit.SECONDS));
  }

  private void record(Mqtt5Publish p) {
    String text = new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    int seq = Integer.parseInt(text.substring(text.indexOf(':') + 1));
    seen.computeIfAbsent(seq, k -> new AtomicInteger()).incrementAndGet();
    String replica =
        p.getUserProperties().asList().stream()
            .filter(u -> u.getName().toString().equals("dsm.sink"))
            .map(u -> u.getValue().toString())
            .findFirst()
            .orElse("?");
    byReplica.computeIfAbsent(replica, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Sends {@code from..to-1} and waits for Danube to store them. */
  private void send(int from, int to) throws Exception {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (int i = from; i < to; i++) {
      sends.add(
          producer.sendAsync(
              new OutgoingMessage(
                  ("cmd:" + i).getBytes(StandardCharsets.UTF_8),
                  Map.of("device", "d" + (i % 8)),
                  null)));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  private void assertAllArrived(int total, String scenario) {
    await().atMost(WAIT).until(() -> seen.size() >= total);
    long duplicates =
        seen.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1).count();
    long lost = total - seen.keySet().stream().filter(s -> s < total).count();
    System.out.printf(
        Locale.ROOT,
        "sink-faults: %s: %d sent, %d lost, %d duplicated, by replica %s%n",
        scenario,
        total,
        lost,
        duplicates,
        byReplica);
    assertThat(lost).as("messages lost").isZero();
  }

  @Test
  void sigkillMidStreamThenRestartLosesNothing() throws Exception {
    int total = 3000;
    JvmProcess first = startProcess("first");
    send(0, total);
    await().atMost(WAIT).until(() -> seen.size() >= 300);
    first.signal(Signal.KILL);
    assertThat(first.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
    int beforeRestart = seen.size();
    JvmProcess second = startProcess("second");
    assertAllArrived(total, "sigkill (" + beforeRestart + " before the kill)");
    assertThat(second.isAlive()).isTrue();
  }

  private JvmProcess startProcess(String label) throws Exception {
    JvmProcess p =
        JvmProcess.mainClass(Main.class)
            .name("sink-" + label)
            .jvmOptions("-Xmx128m")
            .env(env("sink", "sink-1").map())
            .mergeStderr()
            .start();
    toClose.add(p);
    p.awaitLine("sink sink running", WAIT);
    return p;
  }

  @Test
  void mqttBrokerRestartMidStreamLosesNothing() throws Exception {
    int total = 2000;
    MqttSinkConnector sink = inProcessSink("sink", "sink-1");
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> {
              try {
                send(0, total);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(WAIT).until(() -> seen.size() >= 200);
    mosquitto.process().restart();
    sending.get(60, TimeUnit.SECONDS);
    assertAllArrived(total, "mqtt broker restart");
    assertThat(sink.inFlight()).isLessThanOrEqualTo(32);
  }

  @Test
  void twoReplicasOnASharedSubscriptionSplitTheLoad() throws Exception {
    inProcessSink("sink-a", "sink-a-1");
    inProcessSink("sink-b", "sink-b-1");
    int total = 1000;
    send(0, total);
    assertAllArrived(total, "two replicas");
    assertThat(byReplica.getOrDefault("sink-a", new AtomicInteger()).get())
        .as("replica a's share")
        .isGreaterThan(total / 10);
    assertThat(byReplica.getOrDefault("sink-b", new AtomicInteger()).get())
        .as("replica b's share")
        .isGreaterThan(total / 10);
  }
}
