/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static io.dsm.danube.testkit.RawClient.failure;
import static io.dsm.danube.testkit.RawClient.message;
import static io.dsm.danube.testkit.RawClient.producerRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import io.dsm.danube.proto.ConsumerRequest.SubscriptionType;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckRequest.ClientType;
import io.dsm.danube.proto.HealthCheckResponse.ClientStatus;
import io.dsm.danube.proto.MessageResponse;
import io.dsm.danube.proto.ProducerServiceGrpc;
import io.dsm.danube.proto.StreamMessage;
import io.dsm.danube.proto.TopicLookupRequest;
import io.dsm.danube.proto.TopicLookupResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every fault of {@link Faults}, observed by a raw gRPC client. */
@Timeout(30)
class FaultsIT extends RawClientFixture {
  private static final String T = "/default/f";

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      standalonePerTest(b -> b.brokers(2).ackTimeout(Duration.ofSeconds(20)));

  ProducerServiceGrpc.ProducerServiceFutureStub futures;
  long producer;

  @BeforeEach
  void setUp() {
    futures = ProducerServiceGrpc.newFutureStub(client.channel);
    producer = client.createProducer(T, "p", DispatchStrategy.Reliable);
  }

  @Test
  void failNextSendsFailsExactlyNSendsWithTheGivenStatusAndStoresNothing() {
    broker.faults().failNextSends(2, Status.Code.UNAVAILABLE, "broker busy");
    for (int i = 0; i < 2; i++) {
      StatusRuntimeException e = failure(() -> client.send(T, producer, 1, "x"));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.getStatus().getDescription()).isEqualTo("broker busy");
    }
    client.send(T, producer, 3, "ok");
    assertThat(broker.topic(T).payloadsUtf8()).containsExactly("ok");
  }

  @Test
  void failNextSendsCanTargetOneTopicAndTakeTheCodeByName() {
    long other = client.createProducer("/default/g", "p", DispatchStrategy.NonReliable);
    broker.faults().failNextSends("/default/g", 1, "resource_exhausted", "slow down");
    client.send(T, producer, 1, "unaffected");
    StatusRuntimeException e = failure(() -> client.send("/default/g", other, 2, "x"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    client.send("/default/g", other, 3, "y");
  }

  @Test
  void delayedAcksArriveAfterTheDelayWithTheMessageAlreadyStored() throws Exception {
    broker.faults().delaySendAcks(Duration.ofMillis(300));
    long start = System.nanoTime();
    ListenableFuture<MessageResponse> f = futures.sendMessage(message(T, producer, 1, "slow"));
    broker.topic(T).awaitMessages(1, Duration.ofSeconds(5));
    assertThat(f.get(5, TimeUnit.SECONDS).getRequestId()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void heldSendsAreStoredButUnansweredUntilReleased() throws Exception {
    broker.faults().holdSends();
    ListenableFuture<MessageResponse> f = futures.sendMessage(message(T, producer, 5, "held"));
    broker.topic(T).awaitMessages(1, Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.faults().heldSends() == 1);
    assertThat(f.isDone()).isFalse();
    assertThat(broker.faults().releaseSends()).isEqualTo(1);
    assertThat(f.get(5, TimeUnit.SECONDS).getRequestId()).isEqualTo(5);
  }

  @Test
  void reorderedConcurrentSendsAreStoredOutOfOrder() throws Exception {
    broker.faults().reorderSends(Duration.ofMillis(40));
    List<ListenableFuture<MessageResponse>> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sent.add(futures.sendMessage(message(T, producer, i, "m" + i)));
    }
    for (ListenableFuture<MessageResponse> f : sent) {
      f.get(5, TimeUnit.SECONDS);
    }
    List<Long> order = broker.topic(T).messages().stream().map(StoredMessage::requestId).toList();
    assertThat(order).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 40).boxed().toList());
    assertThat(order).isNotEqualTo(LongStream.range(0, 40).boxed().toList());
  }

  @Test
  void failNextLookupsAndCreateProducers() {
    TopicLookupRequest req = TopicLookupRequest.newBuilder().setTopic(T).build();
    broker.faults().failNextLookups(1, Status.Code.UNAVAILABLE, "no lookups");
    StatusRuntimeException e = failure(() -> client.discovery.topicLookup(req));
    assertThat(e.getStatus().getDescription()).isEqualTo("no lookups");
    assertThat(client.discovery.topicLookup(req).getResponseType())
        .isEqualTo(TopicLookupResponse.LookupType.Connect);

    broker.faults().failNextCreateProducers(1, "UNAVAILABLE", "not now");
    StatusRuntimeException c =
        failure(
            () ->
                client.producers.createProducer(
                    producerRequest(T, "p", DispatchStrategy.Reliable)));
    assertThat(c.getStatus().getDescription()).isEqualTo("not now");
    assertThat(
            client
                .producers
                .createProducer(producerRequest(T, "p", DispatchStrategy.Reliable))
                .getProducerId())
        .isEqualTo(producer);
  }

  @Test
  void unloadDropsProducersAndConsumersButKeepsTheTopic() throws InterruptedException {
    RawClient.Stream stream = client.subscribeAndReceive(T, "s", "c", SubscriptionType.Exclusive);
    client.sendAndReceive(stream, T, producer, 1, "before");
    broker.faults().unloadTopic(T);

    StatusRuntimeException e = failure(() -> client.send(T, producer, 2, "x"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("The producer with id " + Long.toUnsignedString(producer) + " does not exist");
    assertThat(client.health(ClientType.Producer, producer)).isEqualTo(ClientStatus.CLOSE);
    assertThat(client.health(ClientType.Consumer, stream.consumerId)).isEqualTo(ClientStatus.CLOSE);
    await().atMost(Duration.ofSeconds(5)).until(() -> stream.completed);
    assertThat(broker.topic(T).producers()).isEmpty();

    long again = client.createProducer(T, "p", DispatchStrategy.Reliable);
    assertThat(again).isNotEqualTo(producer);
    client.send(T, again, 3, "after");
    assertThat(broker.topic(T).payloadsUtf8()).containsExactly("before", "after");
  }

  @Test
  void movedTopicIsServedByTheNewOwner() throws InterruptedException {
    int from = broker.topic(T).ownerBroker().orElseThrow();
    int to = 1 - from;
    broker.faults().moveTopic(T, to);
    try (RawClient old = new RawClient(broker.brokerUrl(from));
        RawClient fresh = new RawClient(broker.brokerUrl(to))) {
      TopicLookupResponse r =
          old.discovery.topicLookup(TopicLookupRequest.newBuilder().setTopic(T).build());
      assertThat(r.getResponseType()).isEqualTo(TopicLookupResponse.LookupType.Redirect);
      assertThat(r.getConnectUrl()).isEqualTo(broker.brokerUrl(to));
      StatusRuntimeException e =
          failure(
              () ->
                  old.producers.createProducer(producerRequest(T, "p", DispatchStrategy.Reliable)));
      assertThat(e.getStatus().getDescription())
          .isEqualTo("The topic exists but is served by another broker, redo the Lookup request");
      long id = fresh.createProducer(T, "p", DispatchStrategy.Reliable);
      fresh.send(T, id, 1, "moved");
      assertThat(broker.topic(T).producers()).extracting(ProducerInfo::broker).containsExactly(to);
    }
  }

  @Test
  void cutStreamsEndWithUnavailableAndUnackedMessagesComeBackOnReopen()
      throws InterruptedException {
    RawClient.Stream stream = client.subscribeAndReceive(T, "s", "c", SubscriptionType.Exclusive);
    StreamMessage first = client.sendAndReceive(stream, T, producer, 1, "unacked");
    assertThat(broker.faults().cutConsumerStreams(T)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> stream.error.get() != null);
    assertThat(Status.fromThrowable(stream.error.get()).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(client.health(ClientType.Consumer, stream.consumerId)).isEqualTo(ClientStatus.CLOSE);
    assertThat(client.receive(stream.consumerId).next()).isEqualTo(first);
  }
}
