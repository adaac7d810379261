/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.danube.client.SubscriptionType;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The receive queue stays bounded while the application does not read, and resumes after. */
@Timeout(30)
class ConsumerFlowControlIT {

  @Test
  void streamStopsBeingReadWhenTheQueueIsFull() throws Exception {
    int capacity = 3;
    int total = 60;
    try (InMemoryDanubeBroker broker =
            InMemoryDanubeBroker.builder().maxUnackedMessages(1000).start();
        DanubeClient client =
            DanubeClients.create(
                DanubeClientConfig.of(broker.serviceUrl())
                    .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        DanubeProducer p =
            client
                .createProducer(ProducerConfig.of("/default/flow", "p", DispatchStrategy.RELIABLE))
                .get(10, TimeUnit.SECONDS);
        DanubeConsumer c =
            client
                .subscribe(
                    new ConsumerConfig(
                        "/default/flow", "c", "s", SubscriptionType.EXCLUSIVE, capacity))
                .get(10, TimeUnit.SECONDS)) {
      DefaultConsumer consumer = (DefaultConsumer) c;
      for (int i = 0; i < total; i++) {
        p.sendAsync(OutgoingMessage.of(new byte[] {(byte) i}));
      }
      broker.topic("/default/flow").awaitMessages(total, Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(5)).until(() -> consumer.queuedCount() >= capacity);
      // one partition: at most capacity + the one message requested before the queue filled
      await()
          .during(Duration.ofMillis(400))
          .atMost(Duration.ofSeconds(3))
          .until(() -> consumer.queuedCount() <= capacity + 1);

      Set<Integer> seen = new HashSet<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (seen.size() < total && System.nanoTime() < deadline) {
        ReceivedMessage m = c.receive(Duration.ofMillis(200)).orElse(null);
        if (m != null) {
          seen.add((int) m.payload()[0]);
          c.ack(m);
          assertThat(consumer.queuedCount()).isLessThanOrEqualTo(capacity + 1);
        }
      }
      assertThat(seen).hasSize(total);
    }
  }
}
