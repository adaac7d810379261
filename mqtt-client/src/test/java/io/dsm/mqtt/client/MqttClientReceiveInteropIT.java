/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.dsm.testsupport.Closer;
import io.dsm.testsupport.MosquittoProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client's receiving side against a real Mosquitto, with the HiveMQ client as an independent
 * publisher: acknowledgements in receive order whatever order the application finishes in, reading
 * that stops when the flow control refuses, oversize messages skipped on a live connection, and the
 * broker's Server Keep Alive obeyed.
 */
@Tag("interop")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MqttClientReceiveInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final Closer closer = new Closer();

  @AfterEach
  void close() throws Exception {
    closer.closeAll();
  }

  /** Admits a number of messages the test raises by hand. */
  static final class Gate implements InboundFlowControl {
    private int allowed;
    private int taken;
    private Runnable waiter;

    Gate(int allowed) {
      this.allowed = allowed;
    }

    @Override
    public synchronized boolean tryAdmit(int qos, int bytes) {
      if (taken >= allowed) {
        return false;
      }
      taken++;
      return true;
    }

    @Override
    public synchronized void release(int qos, int bytes) {
      taken--;
    }

    @Override
    public void onAdmissionPossible(Runnable callback) {
      synchronized (this) {
        if (taken >= allowed) {
          waiter = callback;
          return;
        }
      }
      callback.run();
    }

    void allow(int n) {
      Runnable r;
      synchronized (this) {
        allowed = n;
        r = waiter;
        waiter = null;
      }
      if (r != null) {
        r.run();
      }
    }
  }

  private MqttClient client(
      MosquittoProcess broker,
      MqttVersion version,
      InboundListener listener,
      InboundFlowControl flow,
      int maxPacketBytes) {
    MqttClient c =
        MqttClients.create(
            MqttClientOptions.builder("127.0.0.1", broker.port(), "it-" + version)
                .version(version)
                .cleanStart(true)
                .maxPacketBytes(maxPacketBytes)
                .build(),
            listener,
            flow,
            null);
    closer.add(c);
    c.connect().join();
    c.subscribe(List.of(new Subscription("it/#", 2))).join();
    return c;
  }

  private Mqtt5BlockingClient publisher(MosquittoProcess broker) {
    Mqtt5BlockingClient p =
        Mqtt5Client.builder()
            .identifier("it-publisher")
            .serverHost("127.0.0.1")
            .serverPort(broker.port())
            .buildBlocking();
    p.connect();
    closer.add(p::disconnect);
    return p;
  }

  @ParameterizedTest(name = "MQTT {0}")
  @EnumSource(MqttVersion.class)
  void acknowledgementsLeaveInReceiveOrderWhateverOrderTheApplicationFinishes(MqttVersion v)
      throws Exception {
    MosquittoProcess broker = closer.add(MosquittoProcess.builder().verboseLog().start());
    List<InboundPublish> received = new CopyOnWriteArrayList<>();
    client(broker, v, received::add, null, 1 << 20);
    Mqtt5BlockingClient pub = publisher(broker);
    for (int i = 0; i < 20; i++) {
      pub.publishWith()
          .topic("it/a")
          .qos(i % 2 == 0 ? MqttQos.AT_LEAST_ONCE : MqttQos.EXACTLY_ONCE)
          .payload(("m" + i).getBytes(StandardCharsets.UTF_8))
          .send();
    }
    await().atMost(WAIT).until(() -> received.size() == 20);
    assertThat(broker.logLines()).noneMatch(l -> l.contains("Received PUBACK from it-"));

    List<InboundPublish> reversed = new ArrayList<>(received);
    Collections.reverse(reversed);
    reversed.forEach(InboundPublish::acknowledge);

    List<Integer> expected = received.stream().map(InboundPublish::packetId).toList();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(acknowledgedIds(broker, "it-" + v))
                    .as("PUBACK/PUBREC packet ids in the order the broker received them")
                    .containsExactlyElementsOf(expected));
  }

  @ParameterizedTest(name = "MQTT {0}")
  @EnumSource(MqttVersion.class)
  void subscriptionIdentifiersComeBackOnTheMessagesTheirSubscriptionMatched(MqttVersion v)
      throws Exception {
    MosquittoProcess broker = closer.add(MosquittoProcess.builder().verboseLog().start());
    List<InboundPublish> received = new CopyOnWriteArrayList<>();
    MqttClient c =
        closer.add(
            MqttClients.create(
                MqttClientOptions.builder("127.0.0.1", broker.port(), "ids-" + v)
                    .version(v)
                    .cleanStart(true)
                    .build(),
                received::add,
                null,
                null));
    ConnectResult connected = c.connect().join();
    assertThat(connected.subscriptionIdsAvailable()).isEqualTo(v == MqttVersion.MQTT_5);
    List<SubscribeResult> granted =
        c.subscribe(
                List.of(
                    new Subscription("ids/a/#", 1, RetainHandling.SEND, 7),
                    new Subscription("ids/b/#", 1, RetainHandling.SEND, 268_435_455),
                    new Subscription("ids/c/#", 1)))
            .get(30, TimeUnit.SECONDS);
    assertThat(granted)
        .extracting(r -> r.subscription().filter(), SubscribeResult::grantedQos)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("ids/a/#", 1),
            org.assertj.core.api.Assertions.tuple("ids/b/#", 1),
            org.assertj.core.api.Assertions.tuple("ids/c/#", 1));
    Mqtt5BlockingClient pub = publisher(broker);
    for (String t : List.of("ids/a/1", "ids/b/1", "ids/c/1")) {
      pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
    }
    await().atMost(WAIT).until(() -> received.size() == 3);
    received.forEach(InboundPublish::acknowledge);
    java.util.Map<String, List<Integer>> ids = new java.util.HashMap<>();
    received.forEach(m -> ids.put(m.topic(), m.properties().subscriptionIds()));
    if (v == MqttVersion.MQTT_5) {
      assertThat(ids)
          .containsEntry("ids/a/1", List.of(7))
          .containsEntry("ids/b/1", List.of(268_435_455))
          .containsEntry("ids/c/1", List.of());
      // One SUBSCRIBE per identifier: the property applies to a whole packet.
      assertThat(broker.logLines()).filteredOn(l -> l.contains("Received SUBSCRIBE")).hasSize(3);
    } else {
      assertThat(ids.values()).allMatch(List::isEmpty).hasSize(3);
      assertThat(broker.logLines()).filteredOn(l -> l.contains("Received SUBSCRIBE")).hasSize(1);
    }
  }

  /** Packet ids of PUBACK and PUBREC the broker received from {@code client}, in log order. */
  private static List<Integer> acknowledgedIds(MosquittoProcess broker, String client) {
    List<Integer> ids = new ArrayList<>();
    for (String l : broker.logLines()) {
      if (l.contains(" from " + client + " ")
          && (l.contains("Received PUBACK") || l.contains("Received PUBREC"))) {
        int at = l.indexOf("(Mid: ");
        ids.add(Integer.parseInt(l.substring(at + 6, l.indexOf(')', at)).replaceAll(",.*", "")));
      }
    }
    return ids;
  }

  @Test
  void nothingBeyondTheAdmittedMessagesIsDeliveredUntilTheGateOpens() throws Exception {
    MosquittoProcess broker =
        closer.add(MosquittoProcess.builder().maxInflightMessages(20).maxQueuedMessages(0).start());
    Gate gate = new Gate(5);
    List<InboundPublish> received = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean ackAtOnce =
        new java.util.concurrent.atomic.AtomicBoolean();
    client(
        broker,
        MqttVersion.MQTT_3_1_1,
        m -> {
          received.add(m);
          if (ackAtOnce.get()) {
            m.acknowledge();
          }
        },
        gate,
        1 << 20);
    Mqtt5BlockingClient pub = publisher(broker);
    for (int i = 0; i < 2000; i++) {
      pub.publishWith()
          .topic("it/b")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8))
          .send();
    }
    await().atMost(WAIT).until(() -> received.size() == 5);
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> received.size() == 5);

    ackAtOnce.set(true);
    received.forEach(InboundPublish::acknowledge);
    gate.allow(Integer.MAX_VALUE);

    await().atMost(WAIT).until(() -> received.size() == 2000);
    assertThat(received)
        .extracting(m -> new String(m.payload(), StandardCharsets.UTF_8))
        .as("every message once, in order")
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, 2000).mapToObj(Integer::toString).toList());
  }

  @Test
  void anOversizeMessageIsSkippedAndTheNextOneArrivesWhole() throws Exception {
    MosquittoProcess broker = closer.add(MosquittoProcess.builder().start());
    List<InboundPublish> received = new CopyOnWriteArrayList<>();
    client(broker, MqttVersion.MQTT_3_1_1, received::add, null, 1000);
    Mqtt5BlockingClient pub = publisher(broker);
    pub.publishWith()
        .topic("it/big")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(new byte[3_000_000])
        .send();
    pub.publishWith()
        .topic("it/small")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("ok".getBytes(StandardCharsets.UTF_8))
        .send();

    await().atMost(WAIT).until(() -> received.size() == 2);
    assertThat(received.get(0).oversize()).isTrue();
    assertThat(received.get(0).topic()).isEqualTo("it/big");
    assertThat(received.get(0).size()).isGreaterThan(3_000_000);
    assertThat(received.get(0).payload()).isEmpty();
    assertThat(received.get(1).oversize()).isFalse();
    assertThat(new String(received.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("ok");
  }

  @Test
  void theBrokersServerKeepAliveReplacesOursOnMqtt5() throws Exception {
    MosquittoProcess broker =
        closer.add(MosquittoProcess.builder().config("max_keepalive 10").verboseLog().start());
    AtomicInteger lost = new AtomicInteger();
    MqttClient c =
        MqttClients.create(
            MqttClientOptions.builder("127.0.0.1", broker.port(), "it-keepalive")
                .version(MqttVersion.MQTT_5)
                .keepAliveSecs(60)
                .build(),
            null,
            null,
            new ConnectionListener() {
              @Override
              public void connectionLost(String why, long retryInMillis) {
                lost.incrementAndGet();
              }
            });
    closer.add(c);
    c.connect().join();

    // Mosquitto closes a client silent for 1.5 x its max_keepalive; ours would wait 60 s.
    await().atMost(WAIT).until(() -> pingsFrom(broker, "it-keepalive") >= 2);
    assertThat(lost).hasValue(0);
    assertThat(c.isConnected()).isTrue();
  }

  private static long pingsFrom(MosquittoProcess broker, String client) {
    return broker.logLines().stream()
        .filter(l -> l.contains("Received PINGREQ from " + client))
        .count();
  }
}
