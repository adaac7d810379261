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
class ConsumerSessionTakeoverIT extends RawClientFixture {
  private static final String TOPIC = "/default/takeover";
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      standalonePerTest(
          b ->
              b.ackTimeout(ACK_TIMEOUT)
                  .redeliveryBackoff(Duration.ofMillis(20), Duration.ofMillis(20)));

  long producer;
  long consumer;

  @BeforeEach
  void setUp() {
    producer = client.createProducer(TOPIC, "p", DispatchStrategy.Reliable);
    consumer = client.subscribe(TOPIC, "s", "c", SubscriptionType.Exclusive);
  }

  /** A message delivered on a stream and left unacked, and when it arrived. */
  private record Delivery(RawClient.Stream stream, StreamMessage message, long atNanos) {}

  /** Opens the consumer's stream on {@code via}, sends one message and receives it, unacked. */
  private Delivery deliverOneUnacked(RawClient via) throws InterruptedException {
    RawClient.Stream stream = via.receive(consumer);
    client.send(TOPIC, producer, 1, "unacked");
    StreamMessage message = stream.next();
    return new Delivery(stream, message, System.nanoTime());
  }

  @Test
  void takingOverALiveStreamLeavesUnackedMessagesToTheAckTimeout() throws InterruptedException {
    Delivery unacked = deliverOneUnacked(client);

    try (RawClient second = new RawClient(broker.serviceUrl())) {
      RawClient.Stream taker = second.receive(consumer);
      await().atMost(Duration.ofSeconds(5)).until(() -> unacked.stream().completed);
      assertThat(unacked.stream().error.get()).as("the old stream ends normally").isNull();

      client.send(TOPIC, producer, 2, "after-takeover");
      StreamMessage fresh = taker.next();
      assertThat(fresh.getPayload().toStringUtf8())
          .as("new messages flow to the new stream at once; the unacked one is not resent")
          .isEqualTo("after-takeover");

      StreamMessage again = taker.next();
      assertThat(Duration.ofNanos(System.nanoTime() - unacked.atNanos()))
          .as("redelivered only after the ack timeout")
          .isGreaterThanOrEqualTo(ACK_TIMEOUT);
      assertThat(again).isEqualTo(unacked.message());
      assertThat(unacked.stream().messages).isEmpty();
    }
  }

  @Test
  void resubscribingMakesUnackedMessagesDueAtOnce() throws InterruptedException {
    Delivery unacked = deliverOneUnacked(client);

    assertThat(client.subscribe(TOPIC, "s", "c", SubscriptionType.Exclusive)).isEqualTo(consumer);
    await().atMost(Duration.ofSeconds(5)).until(() -> unacked.stream().completed);
    StreamMessage again = client.receive(consumer).next();

    assertThat(again).isEqualTo(unacked.message());
    assertThat(Duration.ofNanos(System.nanoTime() - unacked.atNanos())).isLessThan(ACK_TIMEOUT);
  }

  @Test
  void aDroppedStreamMakesUnackedMessagesDueWhenTheConsumerReturns() throws InterruptedException {
    Delivery unacked;
    try (RawClient gone = new RawClient(broker.serviceUrl())) {
      unacked = deliverOneUnacked(gone);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.health(ClientType.Consumer, consumer) == ClientStatus.CLOSE);
    StreamMessage again = client.receive(consumer).next();

    assertThat(again).isEqualTo(unacked.message());
    assertThat(Duration.ofNanos(System.nanoTime() - unacked.atNanos())).isLessThan(ACK_TIMEOUT);
  }
}
