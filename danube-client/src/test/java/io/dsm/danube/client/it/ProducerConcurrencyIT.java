/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import static io.dsm.danube.client.it.ItSupport.msg;
import static io.dsm.danube.client.it.ItSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several threads send keyed messages through a partitioned producer while the broker reorders
 * sends, fails some with UNAVAILABLE and unloads a partition: every future succeeds, nothing is
 * lost or duplicated, and every key's messages are stored in call order.
 */
@Timeout(60)
class ProducerConcurrencyIT extends ClientFixture {
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.perTest(b -> {});

  @Test
  void keysStayOrderedUnderConcurrencyFailuresAndAnUnload() throws Exception {
    int threads = 4;
    int perThread = 150;
    int keysPerThread = 5;
    try (DanubeProducer p =
        producer(
            client,
            ProducerConfig.of("/default/stress", "st", DispatchStrategy.RELIABLE)
                .withPartitions(3)
                .withMaxInFlightPerPartition(8))) {
      broker.faults().reorderSends(Duration.ofMillis(2));
      broker.faults().failNextSends(25, "UNAVAILABLE", "injected");
      List<CompletableFuture<MessageId>> futures = new CopyOnWriteArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch halfway = new CountDownLatch(threads);
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Thread sender =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  for (int i = 0; i < perThread; i++) {
                    if (i == perThread / 2) {
                      halfway.countDown();
                    }
                    String key = "t" + thread + "-k" + (i % keysPerThread);
                    futures.add(p.sendAsync(msg(key + ":" + i, key)));
                  }
                },
                "sender-" + t);
        senders.add(sender);
        sender.start();
      }
      go.countDown();
      halfway.await();
      broker.faults().unloadTopic("/default/stress-part-1");
      for (Thread s : senders) {
        s.join();
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
      await().atMost(ItSupport.WAIT).until(() -> p.pendingCount() == 0);

      Map<String, List<Integer>> byKey = new LinkedHashMap<>();
      for (int part = 0; part < 3; part++) {
        for (StoredMessage m : broker.topic("/default/stress-part-" + part).messages()) {
          String[] kv = m.payloadUtf8().split(":");
          assertThat(kv[0]).isEqualTo(m.routingKey());
          assertThat(ItSupport.expectedPartition(kv[0], 3)).isEqualTo(part);
          byKey.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Integer.parseInt(kv[1]));
        }
      }
      assertThat(byKey).hasSize(threads * keysPerThread);
      byKey.forEach(
          (key, seq) -> {
            int k = Integer.parseInt(key.substring(key.indexOf('k') + 1));
            List<Integer> expected =
                IntStream.range(0, perThread).filter(i -> i % keysPerThread == k).boxed().toList();
            assertThat(seq).as(key).isEqualTo(expected);
          });
    }
  }
}
