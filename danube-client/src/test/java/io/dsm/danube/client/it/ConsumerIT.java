/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import static io.dsm.danube.client.it.ItSupport.assertFailsWith;
import static io.dsm.danube.client.it.ItSupport.assertRefused;
import static io.dsm.danube.client.it.ItSupport.await;
import static io.dsm.danube.client.it.ItSupport.producer;
import static io.dsm.danube.client.it.ItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.danube.client.SubscriptionType;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Consumer behaviour against the testkit broker over real gRPC/TCP. */
@Timeout(30)
class ConsumerIT extends ClientFixture {
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(
          b ->
              b.ackTimeout(Duration.ofMillis(400))
                  .redeliveryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));

  private static ProducerConfig reliable(String topic, String name) {
    return ProducerConfig.of(topic, name, DispatchStrategy.RELIABLE);
  }

  private DanubeConsumer consumer(ConsumerConfig cfg) throws Exception {
    return await(client.subscribe(cfg));
  }

  /** An exclusive subscription "sub" of {@code topic}. */
  private static ConsumerConfig exclusive(String topic, String consumerName) {
    return ConsumerConfig.of(topic, consumerName, "sub").withType(SubscriptionType.EXCLUSIVE);
  }

  private static List<ReceivedMessage> receive(DanubeConsumer c, int n) throws Exception {
    List<ReceivedMessage> out = new ArrayList<>();
    long deadline = System.nanoTime() + ItSupport.WAIT.toNanos();
    while (out.size() < n && System.nanoTime() < deadline) {
      c.receive(Duration.ofMillis(200)).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void receivesExactFieldsAndAcksBeyondTheBrokerWindow() throws Exception {
    try (DanubeProducer p = producer(client, reliable("/default/rx", "px"));
        DanubeConsumer c = consumer(exclusive("/default/rx", "cx"))) {
      MessageId id =
          await(p.sendAsync(new OutgoingMessage(new byte[] {1, 2, 3}, Map.of("a", "b"), "key")));
      ReceivedMessage first = receive(c, 1).get(0);
      assertThat(first.payload()).containsExactly(1, 2, 3);
      assertThat(first.attributes()).containsExactly(Map.entry("a", "b"));
      assertThat(first.routingKey()).isEqualTo("key");
      assertThat(first.producerName()).isEqualTo("px");
      assertThat(first.producerId()).isEqualTo(id.producerId());
      assertThat(first.requestId()).isEqualTo(id.requestId());
      assertThat(first.topic()).isEqualTo("/default/rx");
      assertThat(first.offset()).isZero();
      assertThat(first.brokerAddr()).isEqualTo(broker.serviceUrl());
      await(c.ack(first));

      // 25 more than the broker's window of 10 unacked: only acks let them all through
      for (int i = 0; i < 25; i++) {
        p.sendAsync(ItSupport.msg("m" + i, null));
      }
      List<Long> offsets = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        ReceivedMessage m = receive(c, 1).get(0);
        offsets.add(m.offset());
        await(c.ack(m));
      }
      assertThat(offsets).hasSize(25).doesNotHaveDuplicates().isSorted();
    }
  }

  @Test
  void unackedAndNackedMessagesAreRedelivered() throws Exception {
    try (DanubeProducer p = producer(client, reliable("/default/redeliver", "pr"));
        DanubeConsumer c = consumer(ConsumerConfig.of("/default/redeliver", "cr", "sub"))) {
      send(p, "nack-me", null);
      ReceivedMessage m = receive(c, 1).get(0);
      await(c.nack(m, Duration.ZERO, "test"));
      ReceivedMessage again = receive(c, 1).get(0);
      assertThat(again.offset()).isEqualTo(m.offset());
      assertThat(again.payload()).isEqualTo(m.payload());
      // not acked: the ack timeout (400 ms) redelivers it once more
      ReceivedMessage third = receive(c, 1).get(0);
      assertThat(third.offset()).isEqualTo(m.offset());
      await(c.ack(third));
    }
  }

  @Test
  void consumesEveryPartitionOfAPartitionedTopic() throws Exception {
    try (DanubeProducer p = producer(client, reliable("/default/pt", "pp").withPartitions(3));
        DanubeConsumer c = consumer(ConsumerConfig.of("/default/pt", "cp", "sub"))) {
      for (int i = 0; i < 9; i++) {
        send(p, "m" + i, null);
      }
      List<ReceivedMessage> got = receive(c, 9);
      assertThat(got)
          .extracting(m -> new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
          .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
      assertThat(got.stream().map(ReceivedMessage::topic).distinct())
          .containsExactlyInAnyOrder(
              "/default/pt-part-0", "/default/pt-part-1", "/default/pt-part-2");
      for (ReceivedMessage m : got) {
        await(c.ack(m));
      }
    }
  }

  @Test
  void resubscribesAfterTheStreamIsCut() throws Exception {
    try (DanubeProducer p = producer(client, reliable("/default/cut", "pc"));
        DanubeConsumer c = consumer(ConsumerConfig.of("/default/cut", "cc", "sub"))) {
      send(p, "before", null);
      await(c.ack(receive(c, 1).get(0)));
      assertThat(broker.faults().cutConsumerStreams("/default/cut")).isEqualTo(1);
      send(p, "after", null);
      ReceivedMessage m = receive(c, 1).get(0);
      assertThat(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("after");
    }
  }

  @Test
  void resubscribesAfterTheTopicIsUnloaded() throws Exception {
    try (DanubeProducer p = producer(client, reliable("/default/unl", "pu"));
        DanubeConsumer c = consumer(ConsumerConfig.of("/default/unl", "cu", "sub"))) {
      send(p, "one", null);
      await(c.ack(receive(c, 1).get(0)));
      broker.faults().unloadTopic("/default/unl");
      send(p, "two", null); // the producer re-creates itself too
      ReceivedMessage m = receive(c, 1).get(0);
      assertThat(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("two");
    }
  }

  @Test
  void exclusiveSubscriptionRefusesASecondConsumer() throws Exception {
    try (DanubeProducer p = producer(client, reliable("/default/excl", "pe"));
        DanubeConsumer first = consumer(exclusive("/default/excl", "c1"))) {
      assertRefused(
          client.subscribe(exclusive("/default/excl", "c2")),
          DanubeStatus.PERMISSION_DENIED,
          message -> {
            assertThat(message).contains("/default/excl");
          });
      assertThat(first).isNotNull();
      assertThat(p.topic()).isEqualTo("/default/excl");
    }
  }

  @Test
  void subscribingToAMissingTopicFailsClearly() throws Exception {
    assertFailsWith(
        client.subscribe(ConsumerConfig.of("/default/nothing-here", "c", "sub")),
        DanubeException.class,
        e -> {
          assertThat(e.status()).isEqualTo(DanubeStatus.NOT_FOUND);
          assertThat(e.getMessage()).contains("Subscribe").contains("/default/nothing-here");
        });
  }

  @Test
  void sharedSplitsAndFailoverFeedsOnlyTheFirst() throws Exception {
    try (DanubeProducer shared = producer(client, reliable("/default/shared", "ps"));
        DanubeProducer failover = producer(client, reliable("/default/failover", "pf"));
        DanubeConsumer s1 = consumer(ConsumerConfig.of("/default/shared", "s1", "sub"));
        DanubeConsumer s2 = consumer(ConsumerConfig.of("/default/shared", "s2", "sub"));
        DanubeConsumer f1 =
            consumer(
                ConsumerConfig.of("/default/failover", "f1", "sub")
                    .withType(SubscriptionType.FAILOVER));
        DanubeConsumer f2 =
            consumer(
                ConsumerConfig.of("/default/failover", "f2", "sub")
                    .withType(SubscriptionType.FAILOVER))) {
      for (int i = 0; i < 6; i++) {
        send(shared, "s" + i, null);
        send(failover, "f" + i, null);
      }
      Set<String> sharedSeen = new HashSet<>();
      int fromS1 = 0;
      int fromS2 = 0;
      long deadline = System.nanoTime() + ItSupport.WAIT.toNanos();
      while (sharedSeen.size() < 6 && System.nanoTime() < deadline) {
        ReceivedMessage a = s1.receive(Duration.ofMillis(50)).orElse(null);
        if (a != null) {
          fromS1++;
          sharedSeen.add(new String(a.payload(), java.nio.charset.StandardCharsets.UTF_8));
          await(s1.ack(a));
        }
        ReceivedMessage b = s2.receive(Duration.ofMillis(50)).orElse(null);
        if (b != null) {
          fromS2++;
          sharedSeen.add(new String(b.payload(), java.nio.charset.StandardCharsets.UTF_8));
          await(s2.ack(b));
        }
      }
      assertThat(sharedSeen).hasSize(6);
      assertThat(fromS1).isPositive();
      assertThat(fromS2).isPositive();

      List<ReceivedMessage> fromF1 = receive(f1, 6);
      assertThat(fromF1).hasSize(6);
      assertThat(f2.receive(Duration.ofMillis(300))).isEmpty();
    }
  }
}
