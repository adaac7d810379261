/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static io.dsm.danube.testkit.RawClient.failure;
import static io.dsm.danube.testkit.RawClient.message;
import static io.dsm.danube.testkit.RawClient.producerRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.SchemaReference;
import io.dsm.danube.proto.StreamMessage;
import io.dsm.danube.proto.schema.ConfigureTopicSchemaRequest;
import io.dsm.danube.proto.schema.GetTopicSchemaConfigRequest;
import io.dsm.danube.proto.schema.GetTopicSchemaConfigResponse;
import io.dsm.danube.proto.schema.RegisterSchemaRequest;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.dsm.danube.proto.schema.UpdateTopicValidationPolicyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A topic's schema subject and validation policy as Danube v0.15.1 sets and applies them: set by
 * the first producer's schema_ref or the schema registry's admin RPCs, checked on every SendMessage
 * (None / Warn / Enforce, optional payload validation), and reset on a reload unless the admin API
 * persisted them.
 */
@Timeout(30)
class TopicSchemaPolicyIT {
  private static final String T = "/default/typed";
  private static final String PERSON =
      "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
          + "\"required\":[\"name\"]}";

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.perTest(b -> b.brokers(2));

  InMemoryDanubeBroker broker;
  RawClient client;
  RawClient admin;
  SchemaRegistryGrpc.SchemaRegistryBlockingStub registry;
  long producer;

  @BeforeEach
  void setUp() {
    client = new RawClient(broker.serviceUrl());
    registry =
        SchemaRegistryGrpc.newBlockingStub(client.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    producer = client.createProducer(T, "plain", DispatchStrategy.NonReliable);
    int owner = broker.topic(T).ownerBroker().orElseThrow();
    admin = new RawClient(broker.adminUrl(owner));
    if (owner != 0) {
      // Producers must talk to the owner too.
      client.close();
      client = new RawClient(broker.brokerUrl(owner));
      registry =
          SchemaRegistryGrpc.newBlockingStub(client.channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS);
      producer = client.createProducer(T, "plain", DispatchStrategy.NonReliable);
    }
  }

  @AfterEach
  void tearDown() {
    client.close();
    admin.close();
  }

  private long register(String subject, String type, String definition) {
    return registry
        .registerSchema(
            RegisterSchemaRequest.newBuilder()
                .setSubject(subject)
                .setSchemaType(type)
                .setSchemaDefinition(ByteString.copyFrom(definition, StandardCharsets.UTF_8))
                .build())
        .getSchemaId();
  }

  private long register(String subject) {
    return register(subject, "json_schema", PERSON);
  }

  private StreamMessage msg(String payload, Long schemaId, Integer version) {
    StreamMessage.Builder b = message(T, producer, 1, payload).toBuilder();
    if (schemaId != null) {
      b.setSchemaId(schemaId);
    }
    if (version != null) {
      b.setSchemaVersion(version);
    }
    return b.build();
  }

  private void send(StreamMessage m) {
    client.producers.sendMessage(m);
  }

  private String refused(StreamMessage m) {
    StatusRuntimeException e = failure(() -> send(m));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    String text = e.getStatus().getDescription();
    assertThat(text).startsWith("Unable to publish the message: ");
    return text.substring("Unable to publish the message: ".length());
  }

  private void configure(String subject, String policy, boolean payload) {
    String answer =
        admin
            .schemas
            .configureTopicSchema(
                ConfigureTopicSchemaRequest.newBuilder()
                    .setTopicName(T)
                    .setSchemaSubject(subject)
                    .setValidationPolicy(policy)
                    .setEnablePayloadValidation(payload)
                    .build())
            .getMessage();
    assertThat(answer).startsWith("Topic '" + T + "' configured with schema '" + subject + "'");
  }

  private void bindByProducer(String subject) {
    ProducerRequest req =
        producerRequest(T, "typed", DispatchStrategy.NonReliable).toBuilder()
            .setSchemaRef(SchemaReference.newBuilder().setSubject(subject).setUseLatest(true))
            .build();
    client.producers.createProducer(req);
  }

  @Test
  void warnIsTheDefaultAndOnlyAnIdUnknownToTheRegistryIsRefused() {
    long events = register("events");
    long other = register("other");
    bindByProducer("events");
    assertThat(broker.topic(T).validationPolicy()).contains(ValidationPolicy.WARN);
    assertThat(broker.topic(T).payloadValidation()).isFalse();

    send(msg("{}", null, null)); // no schema_id
    send(msg("{}", other, 1)); // another subject's id
    send(msg("not json", events, 7)); // no payload validation, version not checked
    assertThat(refused(msg("{}", 999L, 1))).isEqualTo("Schema ID 999 not found in registry");
  }

  @Test
  void enforceRefusesMissingAndForeignSchemaIds() {
    long events = register("events");
    long other = register("other");
    configure("events", "Enforce", false);
    assertThat(broker.topic(T).validationPolicy()).contains(ValidationPolicy.ENFORCE);
    assertThat(broker.topic(T).schemaSubject()).contains("events");

    assertThat(refused(msg("{}", null, null)))
        .isEqualTo("Message missing schema_id for topic " + T + " (expected subject: events)");
    assertThat(refused(msg("{}", other, 1)))
        .isEqualTo(
            "Schema subject mismatch for topic "
                + T
                + ": message schema_id="
                + other
                + " belongs to subject 'other', but topic requires 'events'");
    send(msg("{}", events, 1));
    assertThat(broker.topic(T).messageCount()).isEqualTo(1);
  }

  @Test
  void enforceWithoutASubjectRefusesEveryMessage() {
    StatusRuntimeException noSubject =
        failure(
            () ->
                admin.schemas.updateTopicValidationPolicy(
                    UpdateTopicValidationPolicyRequest.newBuilder()
                        .setTopicName(T)
                        .setValidationPolicy("enforce")
                        .build()));
    assertThat(noSubject.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(noSubject.getStatus().getDescription())
        .isEqualTo(
            "Topic '" + T + "' has no schema subject configured. Use ConfigureTopicSchema first.");
    // Danube applied the policy before it found no subject to persist it with.
    assertThat(broker.topic(T).validationPolicy()).contains(ValidationPolicy.ENFORCE);
    assertThat(refused(msg("x", null, null)))
        .isEqualTo("Topic " + T + " requires schema but none is configured");

    broker.faults().unloadTopic(T);
    assertThat(broker.topic(T).validationPolicy())
        .as("not persisted, so a reload forgets it")
        .contains(ValidationPolicy.WARN);
  }

  @Test
  void noneChecksNothing() {
    register("events");
    configure("events", "none", true);
    send(msg("not json at all", 12345L, 9));
    send(msg("x", null, null));
    assertThat(broker.topic(T).messageCount()).isEqualTo(2);
  }

  @Test
  void payloadValidationChecksTheJsonSchemaEvenUnderWarn() {
    long events = register("events");
    configure("events", "warn", true);
    send(msg("{\"name\":\"ada\"}", events, 1));
    assertThat(refused(msg("{\"age\":3}", events, 1)))
        .isEqualTo(
            "Payload validation failed: JSON Schema validation failed: \"name\" is a required"
                + " property");
    assertThat(refused(msg("{\"name\":5}", events, 1)))
        .isEqualTo(
            "Payload validation failed: JSON Schema validation failed: 5 is not of type"
                + " \"string\"");
    assertThat(refused(msg("{oops", events, 1)))
        .startsWith("Payload validation failed: Invalid JSON data: ");
    send(msg("{}", null, null)); // Warn: no schema_id is still only logged
  }

  @Test
  void aVersionUnknownToTheSubjectIsRefusedOnlyWithPayloadValidation() {
    long events = register("events");
    configure("events", "warn", true);
    assertThat(refused(msg("{\"name\":\"a\"}", events, 9)))
        .isEqualTo(
            "Schema version not found: events/9 - Schema version 9 not found for subject: events");
  }

  @Test
  void theFirstAcceptedVersionOfAnIdIsTheOneValidatedAgainst() {
    long events = register("events");
    configure("events", "warn", true);
    send(msg("{\"name\":\"a\"}", events, 1));
    // Danube caches (id -> version 1) and keeps validating against it.
    send(msg("{\"name\":\"b\"}", events, 9));
    assertThat(broker.topic(T).messageCount()).isEqualTo(2);
  }

  @Test
  void stringAndNumberSchemasCheckUtf8AndWidth() {
    long text = register("text", "string", "");
    configure("text", "enforce", true);
    StreamMessage invalidUtf8 =
        msg("", text, 1).toBuilder()
            .setPayload(ByteString.copyFrom(new byte[] {'a', (byte) 0xff}))
            .build();
    assertThat(refused(invalidUtf8))
        .isEqualTo(
            "Payload validation failed: Invalid UTF-8 string: invalid utf-8 sequence of 1 bytes"
                + " from index 1");
    long number = register("number", "number", "");
    configure("number", "enforce", true);
    assertThat(refused(msg("abc", number, 1)))
        .isEqualTo("Payload validation failed: Invalid number: expected 4 or 8 bytes, got 3");
    send(msg("abcd", number, 1));
  }

  @Test
  void configureAnswersDanubesErrors() {
    register("events");
    StatusRuntimeException badPolicy =
        failure(
            () ->
                admin.schemas.configureTopicSchema(
                    ConfigureTopicSchemaRequest.newBuilder()
                        .setTopicName(T)
                        .setSchemaSubject("events")
                        .setValidationPolicy("strict")
                        .build()));
    assertThat(badPolicy.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badPolicy.getStatus().getDescription())
        .isEqualTo("Invalid validation policy: 'strict'. Must be 'none', 'warn', or 'enforce'");

    StatusRuntimeException noSubject =
        failure(
            () ->
                admin.schemas.configureTopicSchema(
                    ConfigureTopicSchemaRequest.newBuilder()
                        .setTopicName(T)
                        .setSchemaSubject("ghost")
                        .setValidationPolicy("warn")
                        .build()));
    assertThat(noSubject.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(noSubject.getStatus().getDescription())
        .isEqualTo(
            "Schema subject 'ghost' not found in registry: Schema metadata not found for subject:"
                + " ghost");

    int other = 1 - broker.topic(T).ownerBroker().orElseThrow();
    try (RawClient elsewhere = new RawClient(broker.adminUrl(other))) {
      StatusRuntimeException notHere =
          failure(
              () ->
                  elsewhere.schemas.configureTopicSchema(
                      ConfigureTopicSchemaRequest.newBuilder()
                          .setTopicName(T)
                          .setSchemaSubject("events")
                          .setValidationPolicy("warn")
                          .build()));
      assertThat(notHere.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(notHere.getStatus().getDescription())
          .isEqualTo("Topic '" + T + "' not found on this broker");
    }
  }

  @Test
  void getTopicSchemaConfigReportsTheSettingsAndSchemaIdZeroAsDanube() {
    register("events");
    GetTopicSchemaConfigResponse none =
        registry.getTopicSchemaConfig(
            GetTopicSchemaConfigRequest.newBuilder().setTopicName(T).build());
    assertThat(none.getSchemaSubject()).isEmpty();
    assertThat(none.getValidationPolicy()).isEqualTo("warn");

    configure("events", "ENFORCE", true);
    GetTopicSchemaConfigResponse set =
        registry.getTopicSchemaConfig(
            GetTopicSchemaConfigRequest.newBuilder().setTopicName(T).build());
    assertThat(set.getSchemaSubject()).isEqualTo("events");
    assertThat(set.getValidationPolicy()).isEqualTo("enforce");
    assertThat(set.getEnablePayloadValidation()).isTrue();
    assertThat(set.getSchemaId()).isZero();
  }

  @Test
  void aReloadKeepsOnlyWhatTheAdminApiPersisted() {
    register("events");
    register("other");
    bindByProducer("events");
    broker.faults().unloadTopic(T);
    assertThat(broker.topic(T).schemaSubject())
        .as("a producer-assigned subject lives only in the broker's memory")
        .isEmpty();

    configure("other", "enforce", false);
    int owner = broker.topic(T).ownerBroker().orElseThrow();
    broker.faults().moveTopic(T, 1 - owner);
    assertThat(broker.topic(T).schemaSubject()).contains("other");
    assertThat(broker.topic(T).validationPolicy()).contains(ValidationPolicy.ENFORCE);
  }

  @Test
  void aPinnedVersionInTheSchemaRefIsNotCheckedByTheBroker() {
    register("events");
    ProducerRequest pinned =
        producerRequest(T, "pinned", DispatchStrategy.NonReliable).toBuilder()
            .setSchemaRef(SchemaReference.newBuilder().setSubject("events").setPinnedVersion(42))
            .build();
    assertThat(client.producers.createProducer(pinned).getProducerName()).isEqualTo("pinned");
    assertThat(broker.topic(T).schemaSubject()).contains("events");
  }

  @Test
  void theJavaHookDoesWhatConfigureTopicSchemaDoes() {
    register("events");
    broker.configureTopicSchema(T, "events", ValidationPolicy.ENFORCE, false);
    assertThat(refused(msg("{}", null, null))).startsWith("Message missing schema_id");
    assertThatThrownBy(() -> broker.configureTopicSchema(T, "ghost", ValidationPolicy.WARN, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Schema subject 'ghost' not found in registry");
    assertThatThrownBy(
            () ->
                broker.configureTopicSchema(
                    "/default/none", "events", ValidationPolicy.WARN, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Topic '/default/none' not found on this broker");
  }
}
