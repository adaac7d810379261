/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import static io.dsm.danube.client.it.ItSupport.assertFailsWith;
import static io.dsm.danube.client.it.ItSupport.assertRefused;
import static io.dsm.danube.client.it.ItSupport.await;
import static io.dsm.danube.client.it.ItSupport.msg;
import static io.dsm.danube.client.it.ItSupport.nonReliable;
import static io.dsm.danube.client.it.ItSupport.producer;
import static io.dsm.danube.client.it.ItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.danube.client.AccessMode;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.SendRetryListener;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.danube.testkit.TopicView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Producer behaviour against the testkit broker over real gRPC/TCP (cluster mode by default). */
@Timeout(30)
class ProducerIT extends ClientFixture {
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.perTest(b -> {});

  @Test
  void createsProducerOnNewTopicInClusterModeAndPublishes() throws Exception {
    try (DanubeProducer p = producer(client, "/default/new-topic", "prod")) {
      MessageId id = send(p, "hello", null);

      TopicView topic = broker.topic("/default/new-topic");
      assertThat(topic.exists()).isTrue();
      assertThat(topic.producerNames()).containsExactly("prod");
      List<StoredMessage> stored = topic.awaitMessages(1, ItSupport.WAIT);
      assertThat(stored)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.payloadUtf8()).isEqualTo("hello");
                assertThat(m.producerId()).isEqualTo(id.producerId());
                assertThat(m.requestId()).isEqualTo(id.requestId());
              });
      assertThat(id.topic()).isEqualTo("/default/new-topic");
    }
  }

  @Test
  void createsProducerInStandaloneMode() throws Exception {
    InMemoryDanubeBroker standalone =
        useOwnBroker(InMemoryDanubeBroker.builder().mode(InMemoryDanubeBroker.Mode.STANDALONE));
    try (DanubeProducer p =
        producer(
            client, ProducerConfig.of("/default/standalone", "prod", DispatchStrategy.RELIABLE))) {
      send(p, "x", null);
      assertThat(standalone.topic("/default/standalone").awaitMessages(1, ItSupport.WAIT))
          .extracting(StoredMessage::offset)
          .containsExactly(0L);
      assertThat(standalone.topic("/default/standalone").dispatchStrategy())
          .hasValue(io.dsm.danube.proto.DispatchStrategy.Reliable);
    }
  }

  @Test
  void messageFieldsArriveExactly() throws Exception {
    byte[] payload = {0, 1, (byte) 0xff, (byte) 0x80, 'a', '\n'};
    Map<String, String> attrs = Map.of("mqtt.topic", "sensors/ü/1", "mqtt.qos", "1", "empty", "");
    long before = System.currentTimeMillis();
    try (DanubeProducer p = producer(client, "/default/fields", "field-prod")) {
      MessageId first = await(p.sendAsync(new OutgoingMessage(payload, attrs, "sensors/ü/1")));
      MessageId second = await(p.sendAsync(new OutgoingMessage(new byte[0], Map.of(), null)));

      List<StoredMessage> stored = broker.topic("/default/fields").awaitMessages(2, ItSupport.WAIT);
      StoredMessage m = stored.get(0);
      assertThat(m.payload()).containsExactly(payload);
      assertThat(m.attributes()).isEqualTo(attrs);
      assertThat(m.routingKey()).isEqualTo("sensors/ü/1");
      assertThat(m.producerName()).isEqualTo("field-prod");
      assertThat(m.topic()).isEqualTo("/default/fields");
      assertThat(m.producerId()).isEqualTo(first.producerId());
      assertThat(m.publishTime()).isBetween(before, System.currentTimeMillis());
      assertThat(m.schemaId()).isNull();
      StoredMessage n = stored.get(1);
      assertThat(n.payload()).isEmpty();
      assertThat(n.routingKey()).as("no key -> no routing_key on the wire").isNull();
      assertThat(second.requestId()).isEqualTo(first.requestId() + 1);
    }
  }

  @Test
  void partitionedProducerUsesPartitionTopicsAndNames() throws Exception {
    try (DanubeProducer p =
        producer(client, nonReliable("/default/parts", "pp").withPartitions(3))) {
      for (int i = 0; i < 3; i++) {
        TopicView t = broker.topic("/default/parts-part-" + i);
        assertThat(t.exists()).as(t.name()).isTrue();
        assertThat(t.producerNames()).containsExactly("pp-" + i);
      }
      assertThat(broker.topic("/default/parts").exists()).isFalse();
      assertThat(await(client.topicPartitions("/default/parts")))
          .containsExactly(
              "/default/parts-part-0", "/default/parts-part-1", "/default/parts-part-2");

      // no key: round-robin starting at partition 0
      List<String> topics = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        topics.add(send(p, "rr" + i, null).topic());
      }
      assertThat(topics)
          .containsExactly(
              "/default/parts-part-0",
              "/default/parts-part-1",
              "/default/parts-part-2",
              "/default/parts-part-0",
              "/default/parts-part-1",
              "/default/parts-part-2");
    }
  }

  @Test
  void keyRoutingIsStableAndMatchesFnv1a() throws Exception {
    int partitions = 4;
    try (DanubeProducer p =
        producer(client, nonReliable("/default/keyed", "kp").withPartitions(partitions))) {
      List<CompletableFuture<MessageId>> sent = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int k = 0; k < 10; k++) {
          sent.add(p.sendAsync(msg("r" + round, "sensor/" + k)));
        }
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
      for (int i = 0; i < partitions; i++) {
        for (StoredMessage m : broker.topic("/default/keyed-part-" + i).messages()) {
          assertThat(ItSupport.expectedPartition(m.routingKey(), partitions))
              .as("partition of key %s", m.routingKey())
              .isEqualTo(i);
        }
      }
      long total = 0;
      for (int i = 0; i < partitions; i++) {
        total += broker.topic("/default/keyed-part-" + i).messageCount();
      }
      assertThat(total).isEqualTo(30);
    }
  }

  @Test
  void sameKeyKeepsOrderWhileTheBrokerReordersConcurrentSends() throws Exception {
    broker.faults().reorderSends(Duration.ofMillis(4));
    int keys = 4;
    int perKey = 40;
    try (DanubeProducer keyed = producer(client, "/default/ordered", "ordered");
        DanubeProducer unkeyed = producer(client, "/default/unordered", "unordered")) {
      List<CompletableFuture<MessageId>> sent = new ArrayList<>();
      for (int i = 0; i < perKey; i++) {
        for (int k = 0; k < keys; k++) {
          sent.add(keyed.sendAsync(msg(Integer.toString(i), "key-" + k)));
          sent.add(unkeyed.sendAsync(msg(Integer.toString(i * keys + k), null)));
        }
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();

      Map<String, List<Integer>> byKey = new LinkedHashMap<>();
      for (StoredMessage m : broker.topic("/default/ordered").messages()) {
        byKey
            .computeIfAbsent(m.routingKey(), k -> new ArrayList<>())
            .add(Integer.parseInt(m.payloadUtf8()));
      }
      assertThat(byKey).hasSize(keys);
      List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
      byKey.forEach((k, seq) -> assertThat(seq).as("order of %s", k).isEqualTo(expected));

      // The same fault reorders pipelined messages that have no key: proof that the broker
      // does not order concurrent sends, so the per-key rule is what kept the order above.
      List<Integer> unkeyedOrder =
          broker.topic("/default/unordered").messages().stream()
              .map(m -> Integer.parseInt(m.payloadUtf8()))
              .toList();
      assertThat(unkeyedOrder).hasSize(keys * perKey);
      int overtakes = 0;
      for (int i = 1; i < unkeyedOrder.size(); i++) {
        if (unkeyedOrder.get(i) < unkeyedOrder.get(i - 1)) {
          overtakes++;
        }
      }
      assertThat(overtakes).as("overtakes among keyless pipelined sends").isPositive();
    }
  }

  @Test
  void atMostOneSendInFlightPerKeyAndWindowPerPartition() throws Exception {
    try (DanubeProducer p =
        producer(client, nonReliable("/default/window", "w").withMaxInFlightPerPartition(3))) {
      send(p, "warm-up", null);
      broker.faults().holdSends();
      List<CompletableFuture<MessageId>> sameKey = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        sameKey.add(p.sendAsync(msg("k" + i, "one-key")));
      }
      await().atMost(ItSupport.WAIT).until(() -> broker.faults().heldSends() == 1);
      List<CompletableFuture<MessageId>> distinct = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        distinct.add(p.sendAsync(msg("d" + i, "key-" + i)));
      }
      await().atMost(ItSupport.WAIT).until(() -> broker.faults().heldSends() == 3);
      assertThat(p.pendingCount()).isEqualTo(10);
      assertThat(sameKey).noneMatch(CompletableFuture::isDone);

      broker.faults().reset(); // releases held answers, stops holding
      CompletableFuture.allOf(sameKey.toArray(CompletableFuture[]::new)).get();
      CompletableFuture.allOf(distinct.toArray(CompletableFuture[]::new)).get();
      await().atMost(ItSupport.WAIT).until(() -> p.pendingCount() == 0);
      List<String> oneKey =
          broker.topic("/default/window").messages().stream()
              .filter(m -> "one-key".equals(m.routingKey()))
              .map(StoredMessage::payloadUtf8)
              .toList();
      assertThat(oneKey).containsExactly("k0", "k1", "k2", "k3", "k4");
    }
  }

  @Test
  void aSendUnansweredWithinTheRpcTimeoutIsCancelledAndResentUntilItIsAnswered() throws Exception {
    List<String> codes = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (DanubeClient client =
            io.dsm.danube.client.DanubeClients.create(
                ItSupport.fastConfig(broker.serviceUrl()).withRpcTimeout(Duration.ofMillis(400)));
        DanubeProducer p =
            producer(
                client,
                nonReliable("/default/deadline", "d")
                    .withRetryListener((topic, code) -> codes.add(code)))) {
      send(p, "warm-up", "k");
      broker.faults().holdSends(); // the broker keeps every answer from now on
      CompletableFuture<MessageId> late = p.sendAsync(msg("late", "k"));

      // 400 ms without an answer: the attempt is cancelled and counted as a deadline, then resent
      await().atMost(ItSupport.WAIT).until(() -> codes.contains("DEADLINE_EXCEEDED"));
      assertThat(late).isNotDone();
      assertThat(codes).containsOnly("DEADLINE_EXCEEDED");

      broker.faults().reset(); // answers again: the current attempt completes the future
      assertThat(late).succeedsWithin(ItSupport.WAIT);
      assertThat(broker.topic("/default/deadline").payloadsUtf8()).contains("late");
      assertThat(p.pendingCount()).isZero();
    }
  }

  @Test
  void retryListenerSeesEveryResendAndCannotBreakTheProducer() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    SendRetryListener throwing =
        (topic, code) -> {
          seen.add(topic + " " + code);
          throw new IllegalStateException("listener bug must not reach the client");
        };
    try (DanubeProducer p =
        producer(client, nonReliable("/default/retried", "r").withRetryListener(throwing))) {
      send(p, "warm-up", null);
      assertThat(seen).isEmpty();

      broker.faults().failNextSends(3, "UNAVAILABLE", "testkit: outage");
      send(p, "a", "k");
      assertThat(seen)
          .containsExactly(
              "/default/retried UNAVAILABLE",
              "/default/retried UNAVAILABLE",
              "/default/retried UNAVAILABLE");

      // the broker lost the producer: re-created, then resent
      broker.faults().failNextSends(1, "NOT_FOUND", "Producer with id 1 does not exist");
      send(p, "b", "k");
      assertThat(seen).hasSize(4).last().isEqualTo("/default/retried NOT_FOUND");
      assertThat(broker.topic("/default/retried").messages())
          .extracting(StoredMessage::payloadUtf8)
          .containsExactly("warm-up", "a", "b");
    }
  }

  @Test
  void retriesUnavailableThenSucceedsOnce() throws Exception {
    try (DanubeProducer p = producer(client, "/default/retry", "r")) {
      broker.faults().failNextSends(4, "UNAVAILABLE", "injected outage");
      MessageId id = send(p, "survivor", "k");
      assertThat(id.topic()).isEqualTo("/default/retry");
      assertThat(broker.topic("/default/retry").payloadsUtf8()).containsExactly("survivor");
    }
  }

  @Test
  void aRetriedMessageIsResentBeforeLaterMessagesOfItsKey() throws Exception {
    try (DanubeProducer p = producer(client, "/default/retry-order", "ro")) {
      send(p, "warm-up", null);
      broker.faults().failNextSends(3, "UNAVAILABLE", "blip");
      broker.faults().reorderSends(Duration.ofMillis(3));
      List<CompletableFuture<MessageId>> sent = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        sent.add(p.sendAsync(msg("a" + i, "A")));
        sent.add(p.sendAsync(msg("b" + i, "B")));
        sent.add(p.sendAsync(msg("u" + i, null)));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
      List<StoredMessage> stored = broker.topic("/default/retry-order").messages();
      for (String key : List.of("A", "B")) {
        List<String> seq =
            stored.stream()
                .filter(m -> key.equals(m.routingKey()))
                .map(StoredMessage::payloadUtf8)
                .toList();
        List<String> expected =
            java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> key.toLowerCase(java.util.Locale.ROOT) + i)
                .toList();
        assertThat(seq).as(key).isEqualTo(expected);
      }
      assertThat(stored).hasSize(31);
    }
  }

  @Test
  void callbacksRunOnTheCallbackThreadByDefaultAndOnTheIoThreadWhenDirect() throws Exception {
    try (DanubeClient queued = ItSupport.client(broker.serviceUrl());
        DanubeClient direct =
            io.dsm.danube.client.DanubeClients.create(
                ItSupport.fastConfig(broker.serviceUrl()).withDirectCallbacks(true));
        DanubeProducer q = producer(queued, "/default/cb-queued", "q");
        DanubeProducer d = producer(direct, "/default/cb-direct", "d")) {
      send(q, "warm", "k"); // producers registered before the broker holds sends
      send(d, "warm", "k");
      broker.faults().holdSends(); // both futures are pending when the callbacks are attached
      CompletableFuture<String> queuedThread =
          q.sendAsync(msg("a", "k")).thenApply(id -> Thread.currentThread().getName());
      CompletableFuture<String> directThread =
          d.sendAsync(msg("b", "k")).thenApply(id -> Thread.currentThread().getName());
      await().atMost(ItSupport.WAIT).until(() -> broker.faults().heldSends() == 2);
      broker.faults().releaseSends();

      assertThat(queuedThread)
          .succeedsWithin(ItSupport.WAIT)
          .asString()
          .startsWith("danube-callback");
      // Same outcome (stored, acknowledged), but completed by the client's network thread.
      assertThat(directThread).succeedsWithin(ItSupport.WAIT).asString().isEqualTo("danube-io");
      assertThat(broker.topic("/default/cb-direct").payloadsUtf8()).containsExactly("warm", "b");
    }
  }

  @Test
  void ioExecutorRunsTasksInOrderOnTheThreadThatCompletesDirectSends() throws Exception {
    DanubeClient client =
        io.dsm.danube.client.DanubeClients.create(
            ItSupport.fastConfig(broker.serviceUrl()).withDirectCallbacks(true));
    try (DanubeProducer p = producer(client, "/default/io-executor", "io")) {
      List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<String> answeredOn = new CompletableFuture<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        client.ioExecutor().execute(() -> ran.add(n + "@" + Thread.currentThread().getName()));
      }
      // A send started on the network thread is answered there too: no thread hand-off.
      client
          .ioExecutor()
          .execute(
              () ->
                  p.sendAsync(msg("from-io", "k"))
                      .whenComplete(
                          (id, err) -> {
                            if (err != null) {
                              answeredOn.completeExceptionally(err);
                            } else {
                              answeredOn.complete(Thread.currentThread().getName());
                            }
                          }));

      assertThat(answeredOn).succeedsWithin(ItSupport.WAIT).isEqualTo("danube-io");
      assertThat(ran)
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(0, 200).mapToObj(i -> i + "@danube-io").toList());
      assertThat(broker.topic("/default/io-executor").payloadsUtf8()).containsExactly("from-io");
    } finally {
      client.close();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.ioExecutor().execute(() -> {}))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }

  @Test
  void budgetExhaustionFailsTheFutureAsRetriable() throws Exception {
    try (DanubeClient client =
            io.dsm.danube.client.DanubeClients.create(
                // Survives the cluster-mode create retry on a loaded machine; short for the outage.
                ItSupport.fastConfig(broker.serviceUrl()).withRetryBudget(Duration.ofSeconds(3)));
        DanubeProducer p = producer(client, "/default/budget", "b")) {
      broker.faults().failNextSends(10_000, "UNAVAILABLE", "long outage");
      CompletableFuture<MessageId> f = p.sendAsync(msg("lost", "k"));
      assertFailsWith(
          f,
          io.dsm.danube.client.DanubeException.class,
          e -> {
            assertThat(e.isRetriable()).isTrue();
            assertThat(e.status()).isEqualTo(DanubeStatus.UNAVAILABLE);
            assertThat(e.getMessage()).contains("/default/budget").contains("budget");
          });
      assertThat(p.pendingCount()).isZero();
      broker.faults().reset();
      send(p, "after", "k"); // the key is free again
      assertThat(broker.topic("/default/budget").payloadsUtf8()).containsExactly("after");
    }
  }

  @Test
  void permanentRejectionSurfacesOnceWithoutLooping() throws Exception {
    InMemoryDanubeBroker small = useOwnBroker(InMemoryDanubeBroker.builder().maxMessageSize(100));
    try (DanubeProducer p = producer(client, "/default/small", "s")) {
      long start = System.nanoTime();
      CompletableFuture<MessageId> big =
          p.sendAsync(new OutgoingMessage(new byte[101], Map.of(), "k"));
      CompletableFuture<MessageId> next = p.sendAsync(msg("fits", "k"));
      assertFailsWith(
          big,
          io.dsm.danube.client.DanubeException.class,
          e -> {
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.status()).isEqualTo(DanubeStatus.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("SendMessage").contains("/default/small");
          });
      await(next);
      // no backoff happened: a retry loop would have taken at least one backoff base
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(small.topic("/default/small").payloadsUtf8()).containsExactly("fits");
    }
  }

  @Test
  void badTopicNameAndMissingNamespaceFailAtOnce() throws Exception {
    try (DanubeClient client =
        io.dsm.danube.client.DanubeClients.create(
            ItSupport.fastConfig(broker.serviceUrl()).withRetryBudget(Duration.ofMillis(500)))) {
      assertRefused(
          client.createProducer(nonReliable("default/no-slash", "x")),
          DanubeStatus.INVALID_ARGUMENT,
          message -> {
            assertThat(message).contains("default/no-slash").doesNotContain("gave up");
          });
      assertFailsWith(
          client.createProducer(nonReliable("/nonamespace/t", "x")),
          io.dsm.danube.client.DanubeException.class,
          e -> {
            // Danube says UNAVAILABLE, but only an administrator creating the namespace
            // can help: the client must not hide that behind a retry loop.
            assertThat(e.status()).isEqualTo(DanubeStatus.UNAVAILABLE);
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.getMessage())
                .contains("/nonamespace/t")
                .contains("namespace")
                .doesNotContain("gave up");
          });
    }
  }

  @Test
  void payloadAboveTheTransportLimitFailsWithoutRetrying() throws Exception {
    try (DanubeProducer p = producer(client, "/default/huge", "h")) {
      CompletableFuture<MessageId> huge =
          p.sendAsync(new OutgoingMessage(new byte[5 * 1024 * 1024], Map.of(), "k"));
      assertFailsWith(
          huge,
          io.dsm.danube.client.DanubeException.class,
          e -> {
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.getMessage()).contains("/default/huge").doesNotContain("gave up");
          });
      send(p, "small", "k");
      assertThat(broker.topic("/default/huge").payloadsUtf8()).containsExactly("small");
    }
  }

  @Test
  void closeFailsPendingSends() throws Exception {
    DanubeProducer p = producer(client, "/default/closing", "c");
    broker.faults().holdSends();
    CompletableFuture<MessageId> held = p.sendAsync(msg("a", "k"));
    CompletableFuture<MessageId> waiting = p.sendAsync(msg("b", "k"));
    await().atMost(ItSupport.WAIT).until(() -> broker.faults().heldSends() == 1);
    p.close();
    p.close();
    for (CompletableFuture<MessageId> f : List.of(held, waiting)) {
      assertFailsWith(f, io.dsm.danube.client.ProducerClosedException.class);
    }
    assertThat(p.pendingCount()).isZero();
    assertFailsWith(
        p.sendAsync(msg("c", null)), io.dsm.danube.client.ProducerClosedException.class);
  }

  @Test
  void closingTheClientEndsACreationThatIsStillRetrying() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    DanubeClient client =
        io.dsm.danube.client.DanubeClients.create(
            ItSupport.fastConfig("http://127.0.0.1:" + port)
                .withRetryBudget(Duration.ofMinutes(5)));
    CompletableFuture<DanubeProducer> creating =
        client.createProducer(nonReliable("/default/never", "n"));
    await().atMost(ItSupport.WAIT).during(Duration.ofMillis(300)).until(() -> !creating.isDone());
    client.close();
    assertFailsWith(creating, io.dsm.danube.client.DanubeException.class);
  }

  @Test
  void unloadedTopicIsRecreatedAndResentWithoutLoss() throws Exception {
    try (DanubeProducer p = producer(client, "/default/unload", "u")) {
      long firstId = send(p, "m0", "k").producerId();
      broker.faults().unloadTopic("/default/unload");
      List<CompletableFuture<MessageId>> sent = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        sent.add(p.sendAsync(msg("m" + i, i % 2 == 0 ? "k" : "j")));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
      List<StoredMessage> stored = broker.topic("/default/unload").messages();
      assertThat(stored).extracting(StoredMessage::payloadUtf8).hasSize(21).doesNotHaveDuplicates();
      assertThat(sent.get(0).get().producerId()).isNotEqualTo(firstId);
      assertThat(broker.topic("/default/unload").producerNames()).containsExactly("u");
    }
  }

  @Test
  void movedTopicFollowsTheNewOwnerInOrderPerKey() throws Exception {
    InMemoryDanubeBroker two = useOwnBroker(InMemoryDanubeBroker.builder().brokers(2));
    try (DanubeProducer p = producer(client, "/default/moving", "mv")) {
      String topic = "/default/moving";
      int owner = two.topic(topic).ownerBroker().orElseThrow();
      List<CompletableFuture<MessageId>> sent = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        if (i == 10) {
          two.faults().moveTopic(topic, 1 - owner);
        }
        sent.add(p.sendAsync(msg(Integer.toString(i), "key-" + (i % 3))));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
      assertThat(two.topic(topic).ownerBroker()).hasValue(1 - owner);
      Map<String, List<Integer>> byKey =
          two.topic(topic).messages().stream()
              .collect(
                  Collectors.groupingBy(
                      StoredMessage::routingKey,
                      LinkedHashMap::new,
                      Collectors.mapping(
                          m -> Integer.parseInt(m.payloadUtf8()), Collectors.toList())));
      assertThat(byKey.values().stream().mapToInt(List::size).sum()).isEqualTo(30);
      byKey.forEach((k, seq) -> assertThat(seq).as(k).isSorted().doesNotHaveDuplicates());
    }
  }

  @Test
  void healthCheckCloseRecreatesTheProducerBeforeTheNextSend() throws Exception {
    try (DanubeProducer p = producer(client, "/default/health", "h")) {
      long firstId = send(p, "before", null).producerId();
      broker.faults().unloadTopic("/default/health");
      assertThat(broker.topic("/default/health").producers()).isEmpty();
      // no send happens: only the health check (every 200 ms) can notice and re-create
      await()
          .atMost(ItSupport.WAIT)
          .until(() -> broker.topic("/default/health").producerNames().contains("h"));
      MessageId after = send(p, "after", null);
      assertThat(after.producerId()).isNotEqualTo(firstId);
    }
  }

  @Test
  void redirectLookupReachesTheOwningBroker() throws Exception {
    InMemoryDanubeBroker two = useOwnBroker(InMemoryDanubeBroker.builder().brokers(2));
    List<DanubeProducer> producers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      producers.add(producer(client, "/default/spread-" + i, "sp"));
    }
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      send(producers.get(i), "m", null);
      owners.add(two.topic("/default/spread-" + i).ownerBroker().orElseThrow());
      assertThat(two.topic("/default/spread-" + i).payloadsUtf8()).containsExactly("m");
    }
    assertThat(owners).as("topics owned by the broker the client was not given").contains(1);
    producers.forEach(DanubeProducer::close);
  }

  @Test
  void exclusiveAccessModeAndReliableStrategyReachTheBroker() throws Exception {
    ProducerConfig cfg =
        new ProducerConfig(
            "/default/rel",
            "ex",
            AccessMode.EXCLUSIVE,
            DispatchStrategy.RELIABLE,
            0,
            8,
            null,
            null,
            null,
            null);
    try (DanubeProducer p = producer(client, cfg)) {
      send(p, "a", null);
      send(p, "b", null);
      assertThat(broker.topic("/default/rel").messages())
          .extracting(StoredMessage::offset)
          .containsExactly(0L, 1L);
      // a non-reliable producer on a reliable topic is refused permanently
      assertRefused(
          client.createProducer(nonReliable("/default/rel", "nr")),
          DanubeStatus.FAILED_PRECONDITION,
          message -> {
            assertThat(message).contains("/default/rel").contains("CreateProducer");
          });
    }
  }
}
