/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static io.dsm.danube.testkit.RawClient.failure;
import static io.dsm.danube.testkit.RawClient.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.danube.proto.AckRequest;
import io.dsm.danube.proto.AckResponse;
import io.dsm.danube.proto.ConsumerRequest;
import io.dsm.danube.proto.ConsumerRequest.SubscriptionType;
import io.dsm.danube.proto.ConsumerResponse;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.HealthCheckRequest.ClientType;
import io.dsm.danube.proto.HealthCheckResponse.ClientStatus;
import io.dsm.danube.proto.MsgID;
import io.dsm.danube.proto.NackRequest;
import io.dsm.danube.proto.NackResponse;
import io.dsm.danube.proto.StreamMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Checklist items 2 and 17-29 of shared/danube-protocol.md section 10, over real TCP. */
@Timeout(30)
class ConsumerProtocolIT extends RawClientFixture {
  private static final String NR = "/default/nr";
  private static final String REL = "/default/rel";

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      standalonePerTest(
          b ->
              b.ackTimeout(Duration.ofMillis(300))
                  .redeliveryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                  .maxUnackedMessages(3)
                  .maxRedeliveries(2));

  long nrProducer;
  long relProducer;

  @BeforeEach
  void setUp() {
    nrProducer = client.createProducer(NR, "p", DispatchStrategy.NonReliable);
    relProducer = client.createProducer(REL, "p", DispatchStrategy.Reliable);
  }

  private static StreamMessage fullMessage(String topic, long producerId, long requestId) {
    return message(topic, producerId, requestId, "payload-" + requestId).toBuilder()
        .setSubscriptionName("as-sent")
        .putAttributes("a", "1")
        .setSchemaId(12)
        .setSchemaVersion(3)
        .setRoutingKey("key")
        .build();
  }

  @Test
  void nonReliableDeliveryPassesEveryFieldThroughUnchanged() throws InterruptedException {
    RawClient.Stream stream = client.subscribeAndReceive(NR, "s", "c", SubscriptionType.Exclusive);
    StreamMessage sent = fullMessage(NR, nrProducer, 5);
    client.producers.sendMessage(sent);
    assertThat(stream.next()).isEqualTo(sent);
  }

  @Test
  void reliableDeliveryStampsOffsetsInArrivalOrderAndChangesNothingElse()
      throws InterruptedException {
    RawClient.Stream stream = client.subscribeAndReceive(REL, "s", "c", SubscriptionType.Exclusive);
    List<StreamMessage> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      StreamMessage m = fullMessage(REL, relProducer, 10 + i);
      sent.add(m);
      client.producers.sendMessage(m);
    }
    for (int i = 0; i < 3; i++) {
      StreamMessage got = stream.next();
      StreamMessage expected =
          sent.get(i).toBuilder()
              .setMsgId(sent.get(i).getMsgId().toBuilder().setTopicOffset(i))
              .build();
      assertThat(got).isEqualTo(expected);
      client.ack(REL, "s", i);
    }
    assertThat(broker.topic(REL).messages())
        .extracting(StoredMessage::offset)
        .containsExactly(0L, 1L, 2L);
  }

  @Test
  void nonReliableDropsMessagesWhenNobodyListensAndStillAnswersOk() throws InterruptedException {
    client.send(NR, nrProducer, 1, "unheard");
    RawClient.Stream stream = client.subscribeAndReceive(NR, "s", "c", SubscriptionType.Exclusive);
    assertThat(
            client.sendAndReceive(stream, NR, nrProducer, 2, "heard").getPayload().toStringUtf8())
        .isEqualTo("heard");
    assertThat(broker.topic(NR).messageCount()).isEqualTo(2);
  }

  @Test
  void nonReliableDropsMessagesBeyondTheConsumerQueueOfFour() throws InterruptedException {
    long c = client.subscribe(NR, "s", "c", SubscriptionType.Exclusive);
    for (int i = 0; i < 6; i++) {
      client.send(NR, nrProducer, i, "m" + i); // no stream yet: only 4 fit
    }
    RawClient.Stream stream = client.receive(c);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      got.add(stream.next().getPayload().toStringUtf8());
    }
    client.send(NR, nrProducer, 9, "after");
    got.add(stream.next().getPayload().toStringUtf8());
    assertThat(got).containsExactly("m0", "m1", "m2", "m3", "after");
  }

  @Test
  void reliableSubscriptionStartsAtTheTailAndKeepsMessagesWhileDisconnected()
      throws InterruptedException {
    client.send(REL, relProducer, 0, "before");
    long c;
    try (RawClient consumer = new RawClient(broker.serviceUrl())) {
      c = consumer.subscribe(REL, "s", "c", SubscriptionType.Exclusive);
      client.send(REL, relProducer, 1, "first");
      RawClient.Stream stream = consumer.receive(c);
      StreamMessage first = stream.next();
      assertThat(first.getPayload().toStringUtf8()).isEqualTo("first");
      assertThat(first.getMsgId().getTopicOffset()).isEqualTo(1);
      consumer.ack(REL, "s", 1);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.health(ClientType.Consumer, c) == ClientStatus.CLOSE);
    client.send(REL, relProducer, 2, "while-away");
    try (RawClient consumer = new RawClient(broker.serviceUrl())) {
      assertThat(consumer.subscribe(REL, "s", "c", SubscriptionType.Exclusive)).isEqualTo(c);
      StreamMessage kept = consumer.receive(c).next();
      assertThat(kept.getPayload().toStringUtf8()).isEqualTo("while-away");
      assertThat(kept.getMsgId().getTopicOffset()).isEqualTo(2);
    }
  }

  @Test
  void subscribeOnAnUnknownTopicIsNotFoundAndCreatesNothing() {
    StatusRuntimeException e =
        failure(() -> client.subscribe("/default/none", "s", "c", SubscriptionType.Shared));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription()).isEqualTo("Unable to find the topic: /default/none");
    assertThat(broker.topics()).doesNotContain("/default/none");
  }

  @Test
  void resubscribingWithTheSameNameKeepsTheIdAndEndsThePreviousStreamNormally() {
    ConsumerRequest req =
        ConsumerRequest.newBuilder()
            .setRequestId(77)
            .setTopicName(NR)
            .setSubscription("s")
            .setConsumerName("c")
            .setSubscriptionType(SubscriptionType.Shared)
            .build();
    ConsumerResponse first = client.consumers.subscribe(req);
    assertThat(first.getRequestId()).isEqualTo(77);
    assertThat(first.getConsumerName()).isEqualTo("c");
    RawClient.Stream old = client.receive(first.getConsumerId());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> broker.topic(NR).subscriptions().contains("s"));
    client.send(NR, nrProducer, 1, "x"); // proves the stream is attached before the takeover
    await().atMost(Duration.ofSeconds(5)).until(() -> !old.messages.isEmpty());
    ConsumerResponse second = client.consumers.subscribe(req);
    assertThat(second.getConsumerId()).isEqualTo(first.getConsumerId());
    await().atMost(Duration.ofSeconds(5)).until(() -> old.completed);
    assertThat(old.error.get()).isNull();
  }

  @Test
  void exclusiveSubscriptionRejectsAnotherConsumerEvenWhenTheFirstIsDisconnected() {
    long first = client.subscribe(NR, "s", "c1", SubscriptionType.Exclusive);
    assertThat(client.health(ClientType.Consumer, first)).isEqualTo(ClientStatus.OK);
    StatusRuntimeException e =
        failure(() -> client.subscribe(NR, "s", "c2", SubscriptionType.Exclusive));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription())
        .isEqualTo(
            "Not able to subscribe to the topic /default/nr due to Not allowed to add the Consumer: c2,"
                + " the Exclusive subscription can't be shared with other consumers");
    // The type is fixed by the first subscriber: asking for Shared does not help.
    StatusRuntimeException shared =
        failure(() -> client.subscribe(NR, "s", "c3", SubscriptionType.Shared));
    assertThat(shared.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  /** Subscribes c1 and then c2 to {@code subscription} on NR, then opens both streams. */
  private TwoStreams twoConsumers(String subscription, SubscriptionType type) {
    long c1 = client.subscribe(NR, subscription, "c1", type);
    long c2 = client.subscribe(NR, subscription, "c2", type);
    return new TwoStreams(client.receive(c1), client.receive(c2));
  }

  private record TwoStreams(RawClient.Stream a, RawClient.Stream b) {}

  @Test
  void failoverDeliversOnlyToTheFirstConsumer() throws InterruptedException {
    TwoStreams streams = twoConsumers("f", SubscriptionType.Failover);
    for (int i = 0; i < 3; i++) {
      client.send(NR, nrProducer, i, "m" + i);
      assertThat(streams.a().next().getPayload().toStringUtf8()).isEqualTo("m" + i);
    }
    assertThat(streams.b().messages).isEmpty();
  }

  @Test
  void sharedDeliversRoundRobinAcrossActiveConsumers() throws InterruptedException {
    TwoStreams streams = twoConsumers("sh", SubscriptionType.Shared);
    for (int i = 0; i < 4; i++) {
      client.send(NR, nrProducer, i, "m" + i);
    }
    List<String> fromA =
        List.of(
            streams.a().next().getPayload().toStringUtf8(),
            streams.a().next().getPayload().toStringUtf8());
    List<String> fromB =
        List.of(
            streams.b().next().getPayload().toStringUtf8(),
            streams.b().next().getPayload().toStringUtf8());
    assertThat(fromA).containsExactly("m0", "m2");
    assertThat(fromB).containsExactly("m1", "m3");
  }

  @Test
  void receiveForAnUnknownConsumerIsNotFound() {
    RawClient.Stream s = client.receive(-1);
    await().atMost(Duration.ofSeconds(5)).until(s::ended);
    Status status = Status.fromThrowable(s.error.get());
    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription())
        .isEqualTo("The consumer with the id 18446744073709551615 does not exist");
  }

  @Test
  void reliableWindowLimitsUnackedMessagesPerSubscription() throws InterruptedException {
    RawClient.Stream stream = client.subscribeAndReceive(REL, "w", "c", SubscriptionType.Exclusive);
    for (int i = 0; i < 5; i++) {
      client.send(REL, relProducer, i, "m" + i);
    }
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      offsets.add(stream.next().getMsgId().getTopicOffset());
    }
    assertThat(offsets).containsExactly(0L, 1L, 2L);
    assertThat(stream.messages).isEmpty();
    client.ack(REL, "w", 0);
    assertThat(stream.next().getMsgId().getTopicOffset()).isEqualTo(3);
  }

  @Test
  void ackIsLenientForOffsetsButNotForSubscriptions() {
    client.subscribe(REL, "s", "c", SubscriptionType.Exclusive);
    AckResponse ok =
        client.consumers.ack(
            AckRequest.newBuilder()
                .setRequestId(31)
                .setSubscriptionName("s")
                .setMsgId(MsgID.newBuilder().setTopicName(REL).setTopicOffset(999))
                .build());
    assertThat(ok.getRequestId()).isEqualTo(31);
    StatusRuntimeException noSub = failure(() -> client.ack(REL, "nope", 0));
    assertThat(noSub.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(noSub.getStatus().getDescription())
        .isEqualTo("Error acknowledging message: Subscription not found");
    StatusRuntimeException noNackSub =
        failure(
            () ->
                client.consumers.nack(
                    NackRequest.newBuilder()
                        .setSubscriptionName("nope")
                        .setMsgId(MsgID.newBuilder().setTopicName(REL))
                        .build()));
    assertThat(noNackSub.getStatus().getDescription())
        .isEqualTo("Error negatively acknowledging message: Subscription not found");
    StatusRuntimeException noTopic = failure(() -> client.ack("/default/zzz", "s", 0));
    assertThat(noTopic.getStatus().getDescription())
        .isEqualTo("Error acknowledging message: Topic /default/zzz not found in registry");
    client.subscribe(NR, "s", "c", SubscriptionType.Exclusive);
    client.ack(NR, "s", 0);
    NackResponse nack =
        client.consumers.nack(
            NackRequest.newBuilder()
                .setRequestId(32)
                .setSubscriptionName("s")
                .setMsgId(MsgID.newBuilder().setTopicName(NR))
                .build());
    assertThat(nack.getRequestId()).isEqualTo(32);
  }

  @Test
  void unackedReliableMessageIsRedeliveredUnchangedAfterTheAckTimeout()
      throws InterruptedException {
    RawClient.Stream stream = client.subscribeAndReceive(REL, "s", "c", SubscriptionType.Exclusive);
    StreamMessage first = client.sendAndReceive(stream, REL, relProducer, 1, "again");
    StreamMessage second = stream.next();
    assertThat(second).isEqualTo(first);
    client.ack(REL, "s", first.getMsgId().getTopicOffset());
  }

  @Test
  void nackRedeliversAfterTheRequestedDelay() throws InterruptedException {
    RawClient.Stream stream = client.subscribeAndReceive(REL, "s", "c", SubscriptionType.Exclusive);
    StreamMessage first = client.sendAndReceive(stream, REL, relProducer, 1, "nacked");
    long nackedAt = System.nanoTime();
    client.consumers.nack(
        NackRequest.newBuilder()
            .setSubscriptionName("s")
            .setMsgId(first.getMsgId())
            .setDelayMs(150)
            .build());
    StreamMessage again = stream.next();
    assertThat(Duration.ofNanos(System.nanoTime() - nackedAt))
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(again).isEqualTo(first);
  }

  @Test
  void subscriptionBlocksAfterTheLastRedelivery() throws InterruptedException {
    RawClient.Stream stream = client.subscribeAndReceive(REL, "s", "c", SubscriptionType.Exclusive);
    client.send(REL, relProducer, 1, "poison");
    for (int i = 0; i < 3; i++) { // first delivery + maxRedeliveries(2)
      assertThat(stream.next().getPayload().toStringUtf8()).isEqualTo("poison");
    }
    // Ack timeout 300 ms + backoff would bring a fourth copy well within 800 ms: none comes.
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(2))
        .until(stream.messages::isEmpty);
    client.send(REL, relProducer, 2, "stuck");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(stream.messages::isEmpty);
    assertThat(broker.topic(REL).messageCount()).isEqualTo(2);
  }

  @Test
  void healthCheckReportsRegisteredClientsAndCloseOtherwise() {
    assertThat(client.health(ClientType.Producer, nrProducer)).isEqualTo(ClientStatus.OK);
    assertThat(client.health(ClientType.Producer, 12345)).isEqualTo(ClientStatus.CLOSE);
    long c = client.subscribe(NR, "s", "c", SubscriptionType.Exclusive);
    assertThat(client.health(ClientType.Consumer, c))
        .as("active before the stream opens")
        .isEqualTo(ClientStatus.OK);
    assertThat(client.health(ClientType.Consumer, 12345)).isEqualTo(ClientStatus.CLOSE);
    StatusRuntimeException e =
        failure(
            () ->
                client.health.healthCheck(
                    HealthCheckRequest.newBuilder().setClientValue(5).setId(c).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("Invalid client type");
  }

  @Test
  void consumerWhoseStreamDroppedIsClosedUntilItReopens() throws InterruptedException {
    long c = client.subscribe(NR, "s", "c", SubscriptionType.Exclusive);
    try (RawClient other = new RawClient(broker.serviceUrl())) {
      other.receive(c);
      client.send(NR, nrProducer, 1, "x");
      await().atMost(Duration.ofSeconds(5)).until(() -> broker.topic(NR).messageCount() == 1);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.health(ClientType.Consumer, c) == ClientStatus.CLOSE);
    client.receive(c);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.health(ClientType.Consumer, c) == ClientStatus.OK);
  }
}
