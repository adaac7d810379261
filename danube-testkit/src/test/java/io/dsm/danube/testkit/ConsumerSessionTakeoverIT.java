/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.danube.proto.ConsumerRequest.SubscriptionType;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckRequest.ClientType;
import io.dsm.danube.proto.HealthCheckResponse.ClientStatus;
import io.dsm.danube.proto.StreamMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What happens to unacked Reliable messages when a consumer's session changes hands, as in Danube
 * v0.15.1: a second ReceiveMessages for a live consumer only cancels the old stream (redelivery
 * waits for the ack timeout), while a re-subscribe or a dropped stream makes them due at once.
 */
@Timeout(30)
class ConsumerSessionTakeoverIT {
  private static final String TOPIC = "/default/takeover";
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(
          b ->
              b.mode(InMemoryDanubeBroker.Mode.STANDALONE)
                  .ackTimeout(ACK_TIMEOUT)
                  .redeliveryBackoff(Duration.ofMillis(20), Duration.ofMillis(20)));

  InMemoryDanubeBroker broker;
  RawClient client;
  long producer;
  long consumer;

  @BeforeEach
  void setUp() {
    client = new RawClient(broker.serviceUrl());
    producer = client.createProducer(TOPIC, "p", DispatchStrategy.Reliable);
    consumer = client.subscribe(TOPIC, "s", "c", SubscriptionType.Exclusive);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void takingOverALiveStreamLeavesUnackedMessagesToTheAckTimeout() throws InterruptedException {
    RawClient.Stream old = client.receive(consumer);
    client.send(TOPIC, producer, 1, "unacked");
    StreamMessage first = old.next();
    long deliveredAt = System.nanoTime();

    try (RawClient second = new RawClient(broker.serviceUrl())) {
      RawClient.Stream taker = second.receive(consumer);
      await().atMost(Duration.ofSeconds(5)).until(() -> old.completed);
      assertThat(old.error.get()).as("the old stream ends normally").isNull();

      client.send(TOPIC, producer, 2, "after-takeover");
      StreamMessage fresh = taker.next();
      assertThat(fresh.getPayload().toStringUtf8())
          .as("new messages flow to the new stream at once; the unacked one is not resent")
          .isEqualTo("after-takeover");

      StreamMessage again = taker.next();
      assertThat(Duration.ofNanos(System.nanoTime() - deliveredAt))
          .as("redelivered only after the ack timeout")
          .isGreaterThanOrEqualTo(ACK_TIMEOUT);
      assertThat(again).isEqualTo(first);
      assertThat(old.messages).isEmpty();
    }
  }

  @Test
  void resubscribingMakesUnackedMessagesDueAtOnce() throws InterruptedException {
    RawClient.Stream old = client.receive(consumer);
    client.send(TOPIC, producer, 1, "unacked");
    StreamMessage first = old.next();
    long deliveredAt = System.nanoTime();

    assertThat(client.subscribe(TOPIC, "s", "c", SubscriptionType.Exclusive)).isEqualTo(consumer);
    await().atMost(Duration.ofSeconds(5)).until(() -> old.completed);
    StreamMessage again = client.receive(consumer).next();

    assertThat(again).isEqualTo(first);
    assertThat(Duration.ofNanos(System.nanoTime() - deliveredAt)).isLessThan(ACK_TIMEOUT);
  }

  @Test
  void aDroppedStreamMakesUnackedMessagesDueWhenTheConsumerReturns() throws InterruptedException {
    long deliveredAt;
    StreamMessage first;
    try (RawClient gone = new RawClient(broker.serviceUrl())) {
      RawClient.Stream old = gone.receive(consumer);
      client.send(TOPIC, producer, 1, "unacked");
      first = old.next();
      deliveredAt = System.nanoTime();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.health(ClientType.Consumer, consumer) == ClientStatus.CLOSE);
    StreamMessage again = client.receive(consumer).next();

    assertThat(again).isEqualTo(first);
    assertThat(Duration.ofNanos(System.nanoTime() - deliveredAt)).isLessThan(ACK_TIMEOUT);
  }
}
