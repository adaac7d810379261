/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static io.dsm.danube.testkit.RawClient.failure;
import static io.dsm.danube.testkit.RawClient.message;
import static io.dsm.danube.testkit.RawClient.producerRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.SchemaReference;
import io.dsm.danube.proto.schema.RegisterSchemaRequest;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Checklist items 36-37: the schema registry as seen from the producer path (cluster mode). */
@Timeout(30)
class SchemaChecksIT {
  private static final String T = "/default/typed";

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.perTest(b -> {});

  InMemoryDanubeBroker broker;
  RawClient client;
  SchemaRegistryGrpc.SchemaRegistryBlockingStub registry;

  @BeforeEach
  void setUp() {
    client = new RawClient(broker.serviceUrl());
    registry = SchemaRegistryGrpc.newBlockingStub(client.channel);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private long register(String subject) {
    return registry
        .registerSchema(
            RegisterSchemaRequest.newBuilder()
                .setSubject(subject)
                .setSchemaType("json_schema")
                .setSchemaDefinition(
                    ByteString.copyFrom("{\"type\":\"object\"}", StandardCharsets.UTF_8))
                .build())
        .getSchemaId();
  }

  private static ProducerRequest withSubject(String name, String subject) {
    return producerRequest(T, name, DispatchStrategy.NonReliable).toBuilder()
        .setSchemaRef(SchemaReference.newBuilder().setSubject(subject).setUseLatest(true))
        .build();
  }

  /** Cluster mode: the creating call answers UNAVAILABLE, the retry binds the subject. */
  private long createWithSubject(String name, String subject) {
    failure(() -> client.producers.createProducer(withSubject(name, subject)));
    return client.producers.createProducer(withSubject(name, subject)).getProducerId();
  }

  @Test
  void firstProducerWithASchemaRefBindsTheTopicsSubject() {
    register("events");
    createWithSubject("p", "events");
    assertThat(broker.topic(T).schemaSubject()).contains("events");
    assertThat(client.producers.createProducer(withSubject("q", "events")).getProducerName())
        .isEqualTo("q");
  }

  @Test
  void aDifferentSubjectIsAFailedPrecondition() {
    register("events");
    register("other");
    createWithSubject("p", "events");
    StatusRuntimeException e =
        failure(() -> client.producers.createProducer(withSubject("q", "other")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription())
        .isEqualTo(
            "Topic '/default/typed' uses schema subject 'events', cannot use 'other'."
                + " Only admin can change topic schema.");
  }

  @Test
  void anUnregisteredSubjectIsAFailedPrecondition() {
    failure(() -> client.producers.createProducer(withSubject("p", "ghost")));
    StatusRuntimeException e =
        failure(() -> client.producers.createProducer(withSubject("p", "ghost")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription())
        .startsWith("Failed to assign schema 'ghost' to topic '/default/typed': ")
        .endsWith("Ensure schema is registered first.");
  }

  @Test
  void producersWithoutASchemaRefAreAlwaysAllowed() {
    register("events");
    createWithSubject("p", "events");
    long plain =
        client
            .producers
            .createProducer(producerRequest(T, "plain", DispatchStrategy.NonReliable))
            .getProducerId();
    client.send(T, plain, 1, "no schema id");
    assertThat(broker.topic(T).schemaSubject()).contains("events");
    assertThat(broker.topic(T).messageCount()).isEqualTo(1);
  }

  @Test
  void messagesNeedAKnownSchemaIdOnlyWhenTheyCarryOneOnATopicWithASubject() {
    long events = register("events");
    long other = register("other");
    long p = createWithSubject("p", "events");
    client.send(T, p, 1, "without schema id");
    client.producers.sendMessage(
        message(T, p, 2, "own id").toBuilder().setSchemaId(events).build());
    client.producers.sendMessage(
        message(T, p, 3, "other subject").toBuilder().setSchemaId(other).build());
    StatusRuntimeException e =
        failure(
            () ->
                client.producers.sendMessage(
                    message(T, p, 4, "unknown").toBuilder().setSchemaId(999).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("Unable to publish the message: Schema ID 999 not found in registry");
    assertThat(broker.topic(T).messageCount()).isEqualTo(3);
  }

  @Test
  void topicsWithoutASubjectAcceptAnySchemaId() {
    long p = client.createProducer("/default/free", "p", DispatchStrategy.NonReliable);
    client.producers.sendMessage(
        message("/default/free", p, 1, "x").toBuilder().setSchemaId(999).build());
    assertThat(broker.topic("/default/free").messageCount()).isEqualTo(1);
  }
}
