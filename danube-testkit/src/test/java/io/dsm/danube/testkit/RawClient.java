/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.dsm.danube.proto.AckRequest;
import io.dsm.danube.proto.ConsumerRequest;
import io.dsm.danube.proto.ConsumerServiceGrpc;
import io.dsm.danube.proto.DiscoveryGrpc;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckGrpc;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.HealthCheckResponse;
import io.dsm.danube.proto.MsgID;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.ProducerResponse;
import io.dsm.danube.proto.ProducerServiceGrpc;
import io.dsm.danube.proto.ReceiveRequest;
import io.dsm.danube.proto.StreamMessage;
import io.dsm.danube.proto.admin.BrokerAdminGrpc;
import io.dsm.danube.proto.admin.Empty;
import io.dsm.danube.proto.admin.NamespaceAdminGrpc;
import io.dsm.danube.proto.admin.NamespaceRequest;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test helper: raw generated stubs over a real TCP channel (never danube-client), to a broker's
 * service port (producers, consumers, discovery, health) or its admin port (brokers, namespaces);
 * both serve the schema registry. A stub of a service the port does not serve answers
 * UNIMPLEMENTED.
 */
final class RawClient implements AutoCloseable {
  final ManagedChannel channel;
  final ProducerServiceGrpc.ProducerServiceBlockingStub producers;
  final ConsumerServiceGrpc.ConsumerServiceBlockingStub consumers;
  final DiscoveryGrpc.DiscoveryBlockingStub discovery;
  final HealthCheckGrpc.HealthCheckBlockingStub health;
  final BrokerAdminGrpc.BrokerAdminBlockingStub brokers;
  final NamespaceAdminGrpc.NamespaceAdminBlockingStub namespaces;
  final SchemaRegistryGrpc.SchemaRegistryBlockingStub schemas;

  RawClient(String url) {
    URI uri = URI.create(url);
    channel =
        NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
            .usePlaintext()
            .directExecutor()
            .build();
    producers = withDeadline(ProducerServiceGrpc.newBlockingStub(channel));
    consumers = withDeadline(ConsumerServiceGrpc.newBlockingStub(channel));
    discovery = withDeadline(DiscoveryGrpc.newBlockingStub(channel));
    health = withDeadline(HealthCheckGrpc.newBlockingStub(channel));
    brokers = withDeadline(BrokerAdminGrpc.newBlockingStub(channel));
    namespaces = withDeadline(NamespaceAdminGrpc.newBlockingStub(channel));
    schemas = withDeadline(SchemaRegistryGrpc.newBlockingStub(channel));
  }

  /** {@code stub} with the 10 s deadline of every blocking call in the tests. */
  private static <S extends AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  static NamespaceRequest ns(String name) {
    return NamespaceRequest.newBuilder().setName(name).build();
  }

  List<String> listNamespaces() {
    return brokers.listNamespaces(Empty.getDefaultInstance()).getNamespacesList();
  }

  boolean createNamespace(String name) {
    return namespaces.createNamespace(ns(name)).getSuccess();
  }

  static ProducerRequest producerRequest(String topic, String name, DispatchStrategy strategy) {
    return ProducerRequest.newBuilder()
        .setRequestId(7)
        .setTopicName(topic)
        .setProducerName(name)
        .setDispatchStrategy(strategy)
        .build();
  }

  /** CreateProducer, retrying once past cluster mode's "metadata was created" answer. */
  long createProducer(String topic, String name, DispatchStrategy strategy) {
    ProducerRequest req = producerRequest(topic, name, strategy);
    try {
      return producers.createProducer(req).getProducerId();
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      ProducerResponse retry = producers.createProducer(req);
      return retry.getProducerId();
    }
  }

  static StreamMessage message(String topic, long producerId, long requestId, String payload) {
    return StreamMessage.newBuilder()
        .setRequestId(requestId)
        .setMsgId(
            MsgID.newBuilder()
                .setProducerId(producerId)
                .setTopicName(topic)
                .setBrokerAddr("http://127.0.0.1:1"))
        .setPayload(ByteString.copyFrom(payload, StandardCharsets.UTF_8))
        .setPublishTime(1_700_000_000_000L + requestId)
        .setProducerName("p")
        .build();
  }

  void send(String topic, long producerId, long requestId, String payload) {
    producers.sendMessage(message(topic, producerId, requestId, payload));
  }

  long subscribe(
      String topic, String subscription, String consumer, ConsumerRequest.SubscriptionType type) {
    return consumers
        .subscribe(
            ConsumerRequest.newBuilder()
                .setRequestId(3)
                .setTopicName(topic)
                .setSubscription(subscription)
                .setConsumerName(consumer)
                .setSubscriptionType(type)
                .build())
        .getConsumerId();
  }

  /** Subscribes and opens the new consumer's ReceiveMessages stream. */
  Stream subscribeAndReceive(
      String topic, String subscription, String consumer, ConsumerRequest.SubscriptionType type) {
    return receive(subscribe(topic, subscription, consumer, type));
  }

  /** Sends one message and returns its delivery on {@code stream}. */
  StreamMessage sendAndReceive(
      Stream stream, String topic, long producerId, long requestId, String payload)
      throws InterruptedException {
    send(topic, producerId, requestId, payload);
    return stream.next();
  }

  Stream receive(long consumerId) {
    Stream s = new Stream(consumerId);
    ConsumerServiceGrpc.newStub(channel)
        .receiveMessages(
            ReceiveRequest.newBuilder().setRequestId(1).setConsumerId(consumerId).build(), s);
    return s;
  }

  void ack(String topic, String subscription, long offset) {
    consumers.ack(
        AckRequest.newBuilder()
            .setRequestId(11)
            .setSubscriptionName(subscription)
            .setMsgId(MsgID.newBuilder().setTopicName(topic).setTopicOffset(offset))
            .build());
  }

  HealthCheckResponse.ClientStatus health(HealthCheckRequest.ClientType type, long id) {
    return health
        .healthCheck(HealthCheckRequest.newBuilder().setClient(type).setId(id).build())
        .getStatus();
  }

  static StatusRuntimeException failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    assertThat(
            e.getTrailers() == null
                || !e.getTrailers()
                    .containsKey(
                        io.grpc.Metadata.Key.of(
                            "grpc-status-details-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER)))
        .as("no gRPC error details attached")
        .isTrue();
    return e;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Collects a ReceiveMessages stream. */
  static final class Stream implements StreamObserver<StreamMessage> {
    final long consumerId;
    final BlockingQueue<StreamMessage> messages = new LinkedBlockingQueue<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    volatile boolean completed;

    Stream(long consumerId) {
      this.consumerId = consumerId;
    }

    @Override
    public void onNext(StreamMessage value) {
      messages.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
    }

    @Override
    public void onCompleted() {
      completed = true;
    }

    StreamMessage next() throws InterruptedException {
      StreamMessage m = messages.poll(5, TimeUnit.SECONDS);
      assertThat(m).as("a message within 5 s").isNotNull();
      return m;
    }

    boolean ended() {
      return completed || error.get() != null;
    }
  }
}
