/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static io.dsm.danube.testkit.RawClient.failure;
import static io.dsm.danube.testkit.RawClient.message;
import static io.dsm.danube.testkit.RawClient.producerRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.MessageResponse;
import io.dsm.danube.proto.ProducerAccessMode;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.ProducerResponse;
import io.dsm.danube.proto.StreamMessage;
import io.dsm.danube.proto.TopicLookupRequest;
import io.dsm.danube.proto.TopicLookupResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Checklist items 2-16 of shared/danube-protocol.md section 10, over real TCP. */
@Timeout(30)
class ProducerProtocolIT {
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(b -> b.maxMessageSize(1024));

  InMemoryDanubeBroker broker;
  RawClient client;

  @BeforeEach
  void connect() {
    client = new RawClient(broker.serviceUrl());
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  private TopicLookupRequest lookup(String topic) {
    return TopicLookupRequest.newBuilder().setRequestId(42).setTopic(topic).build();
  }

  @Test
  void invalidTopicNamesAreRejectedWithTheExactTextOnEveryRpc() {
    for (String bad : List.of("default/foo", "/default/foo.bar", "/default/a b", "/a/b/c")) {
      String text =
          "The topic: " + bad + " has an invalid format, should be: /namespace_name/topic_name";
      StatusRuntimeException create =
          failure(
              () ->
                  client.producers.createProducer(
                      producerRequest(bad, "p", DispatchStrategy.NonReliable)));
      assertThat(create.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(create.getStatus().getDescription()).isEqualTo(text);
      StatusRuntimeException look = failure(() -> client.discovery.topicLookup(lookup(bad)));
      assertThat(look.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(look.getStatus().getDescription()).isEqualTo(text);
      StatusRuntimeException parts = failure(() -> client.discovery.topicPartitions(lookup(bad)));
      assertThat(parts.getStatus().getDescription()).isEqualTo(text);
      StatusRuntimeException sub =
          failure(
              () ->
                  client.subscribe(
                      bad, "s", "c", io.dsm.danube.proto.ConsumerRequest.SubscriptionType.Shared));
      assertThat(sub.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(sub.getStatus().getDescription()).isEqualTo(text);
    }
  }

  @Test
  void oddButValidNamesPass() {
    assertThat(client.discovery.topicPartitions(lookup("/default/")).getPartitionsList()).isEmpty();
    assertThat(client.discovery.topicPartitions(lookup("//")).getPartitionsList()).isEmpty();
  }

  @Test
  void missingNamespaceIsUnavailableWithTheExactText() {
    StatusRuntimeException e =
        failure(
            () ->
                client.producers.createProducer(
                    producerRequest("/nope/t", "p", DispatchStrategy.NonReliable)));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription())
        .isEqualTo(
            "Unable to find the namespace nope, the topic can be created only for an exisiting namespace");
  }

  @Test
  void createdNamespaceAcceptsTopicsAndSystemExistsFromTheStart() {
    broker.createNamespace("iot");
    client.createProducer("/iot/t", "p", DispatchStrategy.NonReliable);
    client.createProducer("/system/t", "p", DispatchStrategy.NonReliable);
    assertThat(broker.topics()).containsExactly("/iot/t", "/system/t");
  }

  @Test
  void clusterModeAnswersUnavailableOnTheCreatingCallAndTheRetrySucceeds() {
    ProducerRequest req = producerRequest("/default/c", "p", DispatchStrategy.NonReliable);
    StatusRuntimeException e = failure(() -> client.producers.createProducer(req));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription())
        .isEqualTo(
            "The topic metadata was created, need to redo the lookup to find the correct broker");
    ProducerResponse ok = client.producers.createProducer(req);
    assertThat(ok.getRequestId()).isEqualTo(7);
    assertThat(ok.getProducerName()).isEqualTo("p");
    assertThat(broker.topic("/default/c").producerNames()).containsExactly("p");
  }

  @Test
  void lookupConnectsForAnExistingTopicAndIsNotFoundOtherwiseWithoutCreating() {
    StatusRuntimeException e = failure(() -> client.discovery.topicLookup(lookup("/default/x")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("Unable to find the requested topic: /default/x");
    assertThat(broker.topics()).isEmpty();

    client.createProducer("/default/x", "p", DispatchStrategy.NonReliable);
    TopicLookupResponse r = client.discovery.topicLookup(lookup("/default/x"));
    assertThat(r.getRequestId()).isEqualTo(42);
    assertThat(r.getResponseType()).isEqualTo(TopicLookupResponse.LookupType.Connect);
    assertThat(r.getConnectUrl()).isEqualTo(broker.serviceUrl());
    assertThat(r.getBrokerUrl()).isEqualTo(broker.serviceUrl());
    assertThat(r.getProxy()).isFalse();
  }

  @Test
  void sameProducerNameGetsTheSameIdAndANewNameAFreshOne() {
    long first = client.createProducer("/default/t", "p", DispatchStrategy.NonReliable);
    long again =
        client
            .producers
            .createProducer(producerRequest("/default/t", "p", DispatchStrategy.NonReliable))
            .getProducerId();
    long other =
        client
            .producers
            .createProducer(producerRequest("/default/t", "q", DispatchStrategy.NonReliable))
            .getProducerId();
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(broker.topic("/default/t").producers())
        .extracting(ProducerInfo::id)
        .containsExactly(first, other);
  }

  @Test
  void exclusiveAccessModeIsNotEnforced() {
    ProducerRequest exclusive =
        producerRequest("/default/e", "a", DispatchStrategy.NonReliable).toBuilder()
            .setProducerAccessMode(ProducerAccessMode.Exclusive)
            .build();
    try {
      client.producers.createProducer(exclusive);
    } catch (StatusRuntimeException expectedInClusterMode) {
      // first call creates the topic
    }
    client.producers.createProducer(exclusive);
    ProducerRequest second = exclusive.toBuilder().setProducerName("b").build();
    assertThat(client.producers.createProducer(second).getProducerName()).isEqualTo("b");
    assertThat(broker.topic("/default/e").producers())
        .extracting(ProducerInfo::exclusive)
        .containsExactly(true, true);
  }

  @Test
  void producerIdsSpanTheFullUnsignedRange() {
    Set<Boolean> signs = new HashSet<>();
    client.createProducer("/default/ids", "p0", DispatchStrategy.NonReliable);
    for (int i = 1; i < 64 && signs.size() < 2; i++) {
      long id =
          client
              .producers
              .createProducer(
                  producerRequest("/default/ids", "p" + i, DispatchStrategy.NonReliable))
              .getProducerId();
      signs.add(id < 0);
    }
    assertThat(signs)
        .as("ids above Long.MAX_VALUE (negative as long) and below")
        .containsExactlyInAnyOrder(true, false);
  }

  @Test
  void dispatchStrategyMismatchIsAFailedPrecondition() {
    client.createProducer("/default/r", "p", DispatchStrategy.Reliable);
    StatusRuntimeException e =
        failure(
            () ->
                client.producers.createProducer(
                    producerRequest("/default/r", "q", DispatchStrategy.NonReliable)));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("Producer requested dispatch strategy does not match topic strategy");
    assertThat(broker.topic("/default/r").dispatchStrategy()).contains(DispatchStrategy.Reliable);
  }

  @Test
  void unknownDispatchStrategyOnANewTopicIsInvalid() {
    ProducerRequest req =
        producerRequest("/default/u", "p", DispatchStrategy.NonReliable).toBuilder()
            .setDispatchStrategyValue(7)
            .build();
    StatusRuntimeException e = failure(() -> client.producers.createProducer(req));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("Dispatch strategy is missing");
  }

  @Test
  void prefixConflictsAreAlreadyExists() {
    client.createProducer("/default/sensors", "p", DispatchStrategy.NonReliable);
    StatusRuntimeException prefix =
        failure(
            () ->
                client.producers.createProducer(
                    producerRequest("/default/sensor", "p", DispatchStrategy.NonReliable)));
    assertThat(prefix.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(prefix.getStatus().getDescription())
        .isEqualTo(
            "Cannot create topic '/default/sensor': partitioned topics with this base name already exist (found 1 partitions). Delete the partitioned topics first.");
    StatusRuntimeException part =
        failure(
            () ->
                client.producers.createProducer(
                    producerRequest("/default/sensors-part-0", "p", DispatchStrategy.NonReliable)));
    assertThat(part.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(part.getStatus().getDescription())
        .isEqualTo(
            "Cannot create partitioned topic '/default/sensors-part-0': a non-partitioned topic '/default/sensors' already exists. Delete the non-partitioned topic first.");
  }

  @Test
  void topicPartitionsIsAnExactMatchElseASortedPrefixSearchElseEmpty() {
    for (String t :
        List.of(
            "/default/foo-part-0",
            "/default/foo-part-1",
            "/default/foo-part-10",
            "/default/foo-part-2",
            "/default/foobar")) {
      client.createProducer(t, "p", DispatchStrategy.NonReliable);
    }
    assertThat(client.discovery.topicPartitions(lookup("/default/foo")).getPartitionsList())
        .containsExactly(
            "/default/foo-part-0",
            "/default/foo-part-1",
            "/default/foo-part-10",
            "/default/foo-part-2",
            "/default/foobar");
    assertThat(client.discovery.topicPartitions(lookup("/default/foobar")).getPartitionsList())
        .containsExactly("/default/foobar");
    assertThat(client.discovery.topicPartitions(lookup("/default/zzz")).getPartitionsList())
        .isEmpty();
    assertThat(client.discovery.topicPartitions(lookup("/default/zzz")).getRequestId())
        .isEqualTo(42);
  }

  @Test
  void sendMessageEchoesTheRequestIdAndStoresEverything() {
    long id = client.createProducer("/default/s", "p", DispatchStrategy.NonReliable);
    StreamMessage msg =
        message("/default/s", id, 99, "hello").toBuilder()
            .putAttributes("mqtt.topic", "a/b")
            .setRoutingKey("k")
            .build();
    MessageResponse r = client.producers.sendMessage(msg);
    assertThat(r.getRequestId()).isEqualTo(99);
    client.producers.sendMessage(msg); // request ids need not be unique
    List<StoredMessage> stored = broker.topic("/default/s").awaitMessages(2, Duration.ofSeconds(5));
    StoredMessage m = stored.get(0);
    assertThat(m.payloadUtf8()).isEqualTo("hello");
    assertThat(m.attributes()).containsEntry("mqtt.topic", "a/b");
    assertThat(m.routingKey()).isEqualTo("k");
    assertThat(m.requestId()).isEqualTo(99);
    assertThat(m.producerId()).isEqualTo(id);
    assertThat(m.publishTime()).isEqualTo(1_700_000_000_099L);
    assertThat(m.offset()).isZero();
    assertThat(m.arrivalNanos()).isPositive().isLessThanOrEqualTo(System.nanoTime());
  }

  @Test
  void sendFromAnUnknownProducerIsNotFound() {
    StatusRuntimeException e = failure(() -> client.send("/default/s", -5, 1, "x"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("The producer with id 18446744073709551611 does not exist");
  }

  @Test
  void sendToAnotherTopicIsPermissionDenied() {
    long id = client.createProducer("/default/one", "p", DispatchStrategy.NonReliable);
    client.createProducer("/default/two", "p", DispatchStrategy.NonReliable);
    StatusRuntimeException e = failure(() -> client.send("/default/two", id, 1, "x"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription())
        .isEqualTo(
            "Unable to publish the message: the producer with id "
                + Long.toUnsignedString(id)
                + " is not attached to topic name: /default/two");
    StatusRuntimeException unknown = failure(() -> client.send("/default/three", id, 1, "x"));
    assertThat(unknown.getStatus().getDescription())
        .isEqualTo("Unable to publish the message: Topic /default/three not found in registry");
  }

  @Test
  void payloadAboveTheConfiguredLimitIsInvalidArgument() {
    long id = client.createProducer("/default/big", "p", DispatchStrategy.NonReliable);
    client.producers.sendMessage(message("/default/big", id, 1, "x".repeat(1024)));
    StatusRuntimeException e =
        failure(
            () -> client.producers.sendMessage(message("/default/big", id, 2, "x".repeat(1025))));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("Message size 1025 exceeds maximum allowed 1024 for topic /default/big");
    assertThat(broker.topic("/default/big").messageCount()).isEqualTo(1);
  }

  @Test
  void theTransportLimitComesBeforeThePayloadPolicyWithTonicsStatusAndText() {
    long id = client.createProducer("/default/huge", "p", DispatchStrategy.NonReliable);
    StreamMessage atLimit = messageOfEncodedSize("/default/huge", id, 4_194_304);
    StreamMessage aboveLimit = messageOfEncodedSize("/default/huge", id, 4_194_305);

    // Exactly 4 MiB passes the transport and meets the topic's 1024-byte payload policy.
    StatusRuntimeException policy = failure(() -> client.producers.sendMessage(atLimit));
    assertThat(policy.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

    StatusRuntimeException e = failure(() -> client.producers.sendMessage(aboveLimit));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
    assertThat(e.getStatus().getDescription())
        .isEqualTo(
            "Error, decoded message length too large: found 4194305 bytes, the limit is:"
                + " 4194304 bytes");
    assertThat(broker.topic("/default/huge").messageCount()).isZero();

    // The connection survives: the next small send on the same channel is stored.
    client.send("/default/huge", id, 3, "x");
    assertThat(broker.topic("/default/huge").payloadsUtf8()).containsExactly("x");
  }

  @Test
  void theTransportLimitAppliesToEveryRpc() {
    TopicLookupRequest huge = lookup("/default/" + "t".repeat(4 * 1024 * 1024));
    StatusRuntimeException e = failure(() -> client.discovery.topicLookup(huge));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
    assertThat(e.getStatus().getDescription())
        .isEqualTo(
            "Error, decoded message length too large: found "
                + huge.getSerializedSize()
                + " bytes, the limit is: 4194304 bytes");
  }

  /** A send request whose protobuf encoding is exactly {@code bytes} long. */
  private static StreamMessage messageOfEncodedSize(String topic, long producerId, int bytes) {
    StreamMessage base = message(topic, producerId, 1, "");
    int payload = 0;
    StreamMessage sized = base;
    // The payload's length prefix grows with the payload, so settle the size in a few steps.
    while (sized.getSerializedSize() != bytes) {
      payload += bytes - sized.getSerializedSize();
      sized = base.toBuilder().setPayload(ByteString.copyFrom(new byte[payload])).build();
    }
    return sized;
  }

  @Test
  void autoCreateOffAnswersNotFound() {
    try (InMemoryDanubeBroker noAuto =
            InMemoryDanubeBroker.builder().autoCreateTopics(false).start();
        RawClient c = new RawClient(noAuto.serviceUrl())) {
      StatusRuntimeException e =
          failure(
              () ->
                  c.producers.createProducer(
                      producerRequest("/default/n", "p", DispatchStrategy.NonReliable)));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(e.getStatus().getDescription()).isEqualTo("Unable to find the topic: /default/n");
    }
  }

  @Test
  void standaloneModeSucceedsOnTheCreatingCall() throws InterruptedException {
    try (InMemoryDanubeBroker standalone =
            InMemoryDanubeBroker.builder().mode(InMemoryDanubeBroker.Mode.STANDALONE).start();
        RawClient c = new RawClient(standalone.serviceUrl())) {
      ProducerResponse r =
          c.producers.createProducer(producerRequest("/default/n", "p", DispatchStrategy.Reliable));
      assertThat(r.getProducerName()).isEqualTo("p");
      assertThat(standalone.topic("/default/n").dispatchStrategy())
          .contains(DispatchStrategy.Reliable);
    }
  }

  @Test
  void producersOutliveTheirClientsConnection() throws InterruptedException {
    long id;
    try (RawClient gone = new RawClient(broker.serviceUrl())) {
      id = gone.createProducer("/default/keep", "p", DispatchStrategy.NonReliable);
    }
    assertThat(client.health(io.dsm.danube.proto.HealthCheckRequest.ClientType.Producer, id))
        .isEqualTo(io.dsm.danube.proto.HealthCheckResponse.ClientStatus.OK);
    client.send("/default/keep", id, 1, "still registered");
  }

  @Test
  void authAndProxyHeadersAreIgnoredWhenAuthIsOff() {
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer junk");
    headers.put(
        io.grpc.Metadata.Key.of("x-danube-broker-url", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "http://elsewhere:1");
    headers.put(
        io.grpc.Metadata.Key.of(
            "x-danube-internal-broker", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "true");
    io.dsm.danube.proto.ProducerServiceGrpc.ProducerServiceBlockingStub withHeaders =
        client.producers.withInterceptors(
            io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
    ProducerRequest req = producerRequest("/default/h", "p", DispatchStrategy.NonReliable);
    failure(() -> withHeaders.createProducer(req)); // cluster mode: metadata created
    assertThat(withHeaders.createProducer(req).getProducerName()).isEqualTo("p");
  }

  @Test
  void unknownServicesAreUnimplemented() {
    io.grpc.MethodDescriptor<byte[], byte[]> auth =
        io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("danube.AuthService/Authenticate")
            .setRequestMarshaller(new BytesMarshaller())
            .setResponseMarshaller(new BytesMarshaller())
            .build();
    StatusRuntimeException e =
        failure(
            () ->
                io.grpc.stub.ClientCalls.blockingUnaryCall(
                    client.channel, auth, io.grpc.CallOptions.DEFAULT, new byte[0]));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  private static final class BytesMarshaller
      implements io.grpc.MethodDescriptor.Marshaller<byte[]> {
    @Override
    public java.io.InputStream stream(byte[] value) {
      return new java.io.ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(java.io.InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
