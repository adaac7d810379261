/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.dsm.danube.proto.schema.CheckCompatibilityRequest;
import io.dsm.danube.proto.schema.CheckCompatibilityResponse;
import io.dsm.danube.proto.schema.ConfigureTopicSchemaRequest;
import io.dsm.danube.proto.schema.DeleteSchemaVersionRequest;
import io.dsm.danube.proto.schema.GetLatestSchemaRequest;
import io.dsm.danube.proto.schema.GetSchemaRequest;
import io.dsm.danube.proto.schema.GetSchemaResponse;
import io.dsm.danube.proto.schema.GetTopicSchemaConfigRequest;
import io.dsm.danube.proto.schema.ListSubjectsRequest;
import io.dsm.danube.proto.schema.ListVersionsRequest;
import io.dsm.danube.proto.schema.RegisterSchemaRequest;
import io.dsm.danube.proto.schema.RegisterSchemaResponse;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.dsm.danube.proto.schema.SchemaVersionInfo;
import io.dsm.danube.proto.schema.SetCompatibilityModeRequest;
import io.dsm.danube.proto.schema.SubjectSummary;
import io.dsm.danube.testkit.internal.SchemaRegistryServiceImpl;
import io.dsm.danube.testkit.internal.SchemaStore;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The schema registry service over real gRPC on loopback, driven by raw generated stubs. */
@Timeout(30)
class SchemaRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String V1 =
      "{\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"number\"},"
          + "\"unit\":{\"type\":\"string\"}},\"required\":[\"temp\"]}";
  static final String V1_REFORMATTED =
      "{\n  \"required\" : [ \"temp\" ],\n  \"type\" : \"object\",\n  \"properties\" : {\n"
          + "    \"unit\" : { \"type\" : \"string\" },\n    \"temp\" : { \"type\" : \"number\" }\n"
          + "  }\n}\n";
  static final String V2_ADDS_OPTIONAL =
      "{\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"number\"},"
          + "\"unit\":{\"type\":\"string\"},\"room\":{\"type\":\"string\"}},\"required\":[\"temp\"]}";
  static final String DROPS_REQUIRED_TEMP =
      "{\"type\":\"object\",\"properties\":{\"unit\":{\"type\":\"string\"}}}";
  static final String MAKES_UNIT_REQUIRED =
      "{\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"number\"},"
          + "\"unit\":{\"type\":\"string\"}},\"required\":[\"temp\",\"unit\"]}";
  static final String CHANGES_TEMP_TYPE =
      "{\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"string\"},"
          + "\"unit\":{\"type\":\"string\"}},\"required\":[\"temp\"]}";

  private Server server;
  private ManagedChannel channel;
  private SchemaRegistryGrpc.SchemaRegistryBlockingStub registry;

  @BeforeEach
  void start() throws Exception {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new SchemaRegistryServiceImpl(new SchemaStore()))
            .build()
            .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    registry = SchemaRegistryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private RegisterSchemaResponse register(String subject, String type, String definition) {
    return registry.registerSchema(
        RegisterSchemaRequest.newBuilder()
            .setSubject(subject)
            .setSchemaType(type)
            .setSchemaDefinition(ByteString.copyFromUtf8(definition))
            .setDescription("d-" + subject)
            .setCreatedBy("tester")
            .addTags("iot")
            .build());
  }

  private StatusRuntimeException registerFails(String subject, String type, String definition) {
    return fails(() -> register(subject, type, definition));
  }

  private static StatusRuntimeException fails(Runnable call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::run);
  }

  private int versionCount(String subject) {
    return registry
        .listVersions(ListVersionsRequest.newBuilder().setSubject(subject).build())
        .getVersionsCount();
  }

  /** The call failed with {@code code} and exactly Danube's {@code description}. */
  private static void assertStatus(StatusRuntimeException e, Status.Code code, String description) {
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).isEqualTo(description);
  }

  @Test
  void firstRegistrationCreatesVersionOneWithSchemaIdOneAndSha256Fingerprint() {
    RegisterSchemaResponse r = register("sensors", "json_schema", V1);

    assertThat(r.getSchemaId()).isEqualTo(1);
    assertThat(r.getVersion()).isEqualTo(1);
    assertThat(r.getIsNewVersion()).isTrue();
    assertThat(r.getFingerprint()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void reRegisteringTheSameSchemaWithOtherWhitespaceAndKeyOrderIsDeduplicated() {
    RegisterSchemaResponse first = register("sensors", "json_schema", V1);
    register("sensors", "json_schema", V2_ADDS_OPTIONAL);

    RegisterSchemaResponse again = register("sensors", "JSON", V1_REFORMATTED);

    assertThat(again.getIsNewVersion()).isFalse();
    assertThat(again.getVersion()).isEqualTo(1);
    assertThat(again.getSchemaId()).isEqualTo(first.getSchemaId());
    assertThat(again.getFingerprint()).isEqualTo(first.getFingerprint());
  }

  @Test
  void compatibleEvolutionAddsVersionsUnderTheSubjectsSchemaId() {
    register("sensors", "json_schema", V1);
    RegisterSchemaResponse v2 = register("sensors", "Json_Schema", V2_ADDS_OPTIONAL);
    RegisterSchemaResponse otherSubject = register("alarms", "json", V1);

    assertThat(v2.getVersion()).isEqualTo(2);
    assertThat(v2.getIsNewVersion()).isTrue();
    assertThat(v2.getSchemaId()).isEqualTo(1);
    assertThat(otherSubject.getSchemaId()).isEqualTo(2);
    assertThat(otherSubject.getVersion()).isEqualTo(1);

    List<SchemaVersionInfo> versions =
        registry
            .listVersions(ListVersionsRequest.newBuilder().setSubject("sensors").build())
            .getVersionsList();
    assertThat(versions).extracting(SchemaVersionInfo::getVersion).containsExactly(1, 2);
    assertThat(versions).extracting(SchemaVersionInfo::getSchemaId).containsOnly(1L);
    assertThat(versions.get(1).getFingerprint()).isEqualTo(v2.getFingerprint());
    assertThat(versions.get(0).getCreatedBy()).isEqualTo("tester");
  }

  @Test
  void backwardIncompatibleSchemasAreRejectedWithDanubesText() {
    register("sensors", "json_schema", V1);

    StatusRuntimeException removed = registerFails("sensors", "json_schema", DROPS_REQUIRED_TEMP);
    StatusRuntimeException required = registerFails("sensors", "json_schema", MAKES_UNIT_REQUIRED);
    StatusRuntimeException retyped = registerFails("sensors", "json_schema", CHANGES_TEMP_TYPE);

    assertStatus(
        removed,
        Status.Code.INTERNAL,
        "Failed to register schema: Schema is not compatible with subject 'sensors' (mode:"
            + " Backward): Backward incompatible: removed required field 'temp'");
    assertThat(required.getStatus().getDescription())
        .endsWith("made optional field 'unit' required");
    assertThat(retyped.getStatus().getDescription()).endsWith("changed type of field 'temp'");
    assertThat(versionCount("sensors")).isEqualTo(1);
  }

  @Test
  void changingTheSchemaKindIsIncompatible() {
    register("sensors", "json_schema", V1);

    StatusRuntimeException e = registerFails("sensors", "string", "");

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getStatus().getDescription())
        .startsWith("Failed to register schema: Schema is not compatible with subject 'sensors'")
        .contains("Schema types must match");
  }

  @Test
  void modeNoneAcceptsAndForwardRejectsANewRequiredField() {
    register("loose", "json_schema", V1);
    register("strict", "json_schema", V1);
    registry.setCompatibilityMode(
        SetCompatibilityModeRequest.newBuilder()
            .setSubject("loose")
            .setCompatibilityMode("NONE")
            .build());
    registry.setCompatibilityMode(
        SetCompatibilityModeRequest.newBuilder()
            .setSubject("strict")
            .setCompatibilityMode("forward")
            .build());
    String addsRequiredRoom =
        "{\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"number\"},"
            + "\"room\":{\"type\":\"string\"}},\"required\":[\"temp\",\"room\"]}";

    assertThat(register("loose", "json_schema", DROPS_REQUIRED_TEMP).getVersion()).isEqualTo(2);
    assertThat(
            registerFails("strict", "json_schema", addsRequiredRoom).getStatus().getDescription())
        .isEqualTo(
            "Failed to register schema: Schema is not compatible with subject 'strict' (mode:"
                + " Forward): Forward incompatible: added new required field 'room'");
    assertThat(
            registry
                .getLatestSchema(GetLatestSchemaRequest.newBuilder().setSubject("strict").build())
                .getCompatibilityMode())
        .isEqualTo("forward");
  }

  @Test
  void invalidDefinitionsAndTypesAreInternalErrors() {
    assertThat(registerFails("s", "json_schema", "{\"type\":").getStatus().getDescription())
        .startsWith("Failed to register schema: Invalid JSON in schema: ");
    assertThat(registerFails("s", "json_schema", "{} trailing").getStatus().getDescription())
        .startsWith("Failed to register schema: Invalid JSON in schema: ");
    assertThat(
            registerFails("s", "json_schema", "{\"type\":\"text\"}").getStatus().getDescription())
        .startsWith("Failed to register schema: Invalid JSON Schema: ");
    assertThat(
            registerFails("s", "json_schema", "{\"properties\":{\"a\":{\"minLength\":-1}}}")
                .getStatus()
                .getDescription())
        .startsWith("Failed to register schema: Invalid JSON Schema: ");
    StatusRuntimeException unknown = registerFails("s", "xml", "<a/>");
    assertStatus(
        unknown, Status.Code.INTERNAL, "Failed to register schema: Unknown schema type: xml");
    StatusRuntimeException notUtf8 =
        fails(
            () ->
                registry.registerSchema(
                    RegisterSchemaRequest.newBuilder()
                        .setSubject("s")
                        .setSchemaType("json")
                        .setSchemaDefinition(ByteString.copyFrom(new byte[] {'{', (byte) 0xff}))
                        .build()));
    assertThat(notUtf8.getStatus().getDescription())
        .startsWith("Failed to register schema: Invalid UTF-8 in JSON schema");
    StatusRuntimeException nothingStored =
        fails(
            () ->
                registry.getLatestSchema(
                    GetLatestSchemaRequest.newBuilder().setSubject("s").build()));
    assertThat(nothingStored.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void getLatestSchemaReturnsTheWrappedDefinitionAndLowercaseNames() throws Exception {
    RegisterSchemaResponse v1 = register("sensors", "JSON", V1);

    GetSchemaResponse latest =
        registry.getLatestSchema(GetLatestSchemaRequest.newBuilder().setSubject("sensors").build());

    assertThat(latest.getSchemaId()).isEqualTo(1);
    assertThat(latest.getVersion()).isEqualTo(1);
    assertThat(latest.getSubject()).isEqualTo("sensors");
    assertThat(latest.getSchemaType()).isEqualTo("json_schema");
    assertThat(latest.getCompatibilityMode()).isEqualTo("backward");
    assertThat(latest.getFingerprint()).isEqualTo(v1.getFingerprint());
    assertThat(latest.getDescription()).isEqualTo("d-sensors");
    assertThat(latest.getCreatedBy()).isEqualTo("tester");
    assertThat(latest.getTagsList()).containsExactly("iot");
    assertThat(latest.getCreatedAt())
        .isBetween(System.currentTimeMillis() / 1000 - 60, System.currentTimeMillis() / 1000 + 1);
    String wrapped = latest.getSchemaDefinition().toString(StandardCharsets.UTF_8);
    JsonNode node = JSON.readTree(wrapped);
    assertThat(node.fieldNames()).toIterable().containsExactly("JsonSchema");
    assertThat(node.get("JsonSchema").get("raw_schema").asText()).isEqualTo(V1);
    assertThat(node.get("JsonSchema").get("fingerprint").asText()).isEqualTo(v1.getFingerprint());
  }

  @Test
  void bareKindsAreWrappedAsJsonStrings() {
    register("raw", "bytes", "ignored");

    GetSchemaResponse latest =
        registry.getLatestSchema(GetLatestSchemaRequest.newBuilder().setSubject("raw").build());

    assertThat(latest.getSchemaType()).isEqualTo("bytes");
    assertThat(latest.getSchemaDefinition().toStringUtf8()).isEqualTo("\"Bytes\"");
    assertThat(latest.getFingerprint()).isEqualTo("bytes");
  }

  @Test
  void unknownSubjectsAndIdsAreNotFoundWithDanubesTexts() {
    register("sensors", "json_schema", V1);

    StatusRuntimeException latest =
        fails(
            () ->
                registry.getLatestSchema(
                    GetLatestSchemaRequest.newBuilder().setSubject("nope").build()));
    StatusRuntimeException byId =
        fails(() -> registry.getSchema(GetSchemaRequest.newBuilder().setSchemaId(9).build()));
    StatusRuntimeException byVersion =
        fails(
            () ->
                registry.getSchema(
                    GetSchemaRequest.newBuilder().setSchemaId(1).setVersion(5).build()));
    StatusRuntimeException versions =
        fails(
            () ->
                registry.listVersions(ListVersionsRequest.newBuilder().setSubject("nope").build()));

    assertStatus(latest, Status.Code.NOT_FOUND, "Schema not found for subject: nope");
    assertStatus(byId, Status.Code.NOT_FOUND, "Schema not found for ID: 9");
    assertThat(byVersion.getStatus().getDescription()).isEqualTo("Schema not found for ID: 1");
    assertStatus(versions, Status.Code.NOT_FOUND, "Subject not found: nope");
    assertNoErrorDetails(latest);
  }

  @Test
  void getSchemaByIdReturnsLatestOrThePinnedVersion() {
    register("sensors", "json_schema", V1);
    register("sensors", "json_schema", V2_ADDS_OPTIONAL);

    GetSchemaResponse latest =
        registry.getSchema(GetSchemaRequest.newBuilder().setSchemaId(1).build());
    GetSchemaResponse pinned =
        registry.getSchema(GetSchemaRequest.newBuilder().setSchemaId(1).setVersion(1).build());

    assertThat(latest.getVersion()).isEqualTo(2);
    assertThat(latest.getSubject()).isEqualTo("sensors");
    assertThat(pinned.getVersion()).isEqualTo(1);
    assertThat(pinned.getSchemaId()).isEqualTo(1);
  }

  @Test
  void checkCompatibilityReportsErrorsWithoutRegistering() {
    register("sensors", "json_schema", V1);

    CheckCompatibilityResponse bad =
        registry.checkCompatibility(
            CheckCompatibilityRequest.newBuilder()
                .setSubject("sensors")
                .setSchemaType("json_schema")
                .setNewSchemaDefinition(ByteString.copyFromUtf8(CHANGES_TEMP_TYPE))
                .build());
    CheckCompatibilityResponse overridden =
        registry.checkCompatibility(
            CheckCompatibilityRequest.newBuilder()
                .setSubject("sensors")
                .setSchemaType("json_schema")
                .setNewSchemaDefinition(ByteString.copyFromUtf8(CHANGES_TEMP_TYPE))
                .setCompatibilityMode("none")
                .build());
    StatusRuntimeException unknown =
        fails(
            () ->
                registry.checkCompatibility(
                    CheckCompatibilityRequest.newBuilder()
                        .setSubject("nope")
                        .setSchemaType("json_schema")
                        .setNewSchemaDefinition(ByteString.copyFromUtf8(V1))
                        .build()));

    assertThat(bad.getIsCompatible()).isFalse();
    assertThat(bad.getErrorsList())
        .containsExactly("Backward incompatible: changed type of field 'temp'");
    assertThat(overridden.getIsCompatible()).isTrue();
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(unknown.getStatus().getDescription()).startsWith("Failed to check compatibility: ");
    assertThat(versionCount("sensors")).isEqualTo(1);
  }

  @Test
  void setCompatibilityModeRejectsUnknownModes() {
    register("sensors", "json_schema", V1);

    StatusRuntimeException e =
        fails(
            () ->
                registry.setCompatibilityMode(
                    SetCompatibilityModeRequest.newBuilder()
                        .setSubject("sensors")
                        .setCompatibilityMode("sideways")
                        .build()));

    assertStatus(e, Status.Code.INVALID_ARGUMENT, "Invalid compatibility mode: sideways");
  }

  @Test
  void listSubjectsSummarisesEverySubjectSorted() {
    register("zeta", "json_schema", V1);
    register("alpha", "string", "");
    register("zeta", "json_schema", V2_ADDS_OPTIONAL);

    List<SubjectSummary> subjects =
        registry.listSubjects(ListSubjectsRequest.getDefaultInstance()).getSubjectsList();

    assertThat(subjects).extracting(SubjectSummary::getSubject).containsExactly("alpha", "zeta");
    assertThat(subjects.get(1).getLatestVersion()).isEqualTo(2);
    assertThat(subjects.get(1).getSchemaId()).isEqualTo(1);
    assertThat(subjects.get(1).getSchemaType()).isEqualTo("json_schema");
    assertThat(subjects.get(0).getSchemaType()).isEqualTo("string");
    assertThat(subjects.get(0).getCompatibilityMode()).isEqualTo("backward");
  }

  @Test
  void deletingAVersionRemovesItFromListings() {
    register("sensors", "json_schema", V1);
    register("sensors", "json_schema", V2_ADDS_OPTIONAL);

    registry.deleteSchemaVersion(
        DeleteSchemaVersionRequest.newBuilder().setSubject("sensors").setVersion(2).build());
    StatusRuntimeException again =
        fails(
            () ->
                registry.deleteSchemaVersion(
                    DeleteSchemaVersionRequest.newBuilder()
                        .setSubject("sensors")
                        .setVersion(2)
                        .build()));

    assertThat(
            registry
                .getLatestSchema(GetLatestSchemaRequest.newBuilder().setSubject("sensors").build())
                .getVersion())
        .isEqualTo(1);
    assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(again.getStatus().getDescription()).startsWith("Failed to delete schema version: ");
  }

  @Test
  void topicSchemaRpcsCheckThePolicyFirstAndOnlyKnowTopicsOfTheirBroker() {
    StatusRuntimeException badPolicy =
        fails(
            () ->
                registry.configureTopicSchema(
                    ConfigureTopicSchemaRequest.newBuilder().setTopicName("/default/t").build()));
    assertStatus(
        badPolicy,
        Status.Code.INVALID_ARGUMENT,
        "Invalid validation policy: ''. Must be 'none', 'warn', or 'enforce'");
    assertNoErrorDetails(badPolicy);

    StatusRuntimeException noTopic =
        fails(
            () ->
                registry.getTopicSchemaConfig(
                    GetTopicSchemaConfigRequest.newBuilder().setTopicName("/default/t").build()));
    assertStatus(noTopic, Status.Code.NOT_FOUND, "Topic '/default/t' not found on this broker");
  }

  static void assertNoErrorDetails(StatusRuntimeException e) {
    Metadata trailers = e.getTrailers();
    assertThat(trailers).isNotNull();
    assertThat(
            trailers.containsKey(
                Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER)))
        .isFalse();
  }
}
