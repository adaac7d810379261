/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.dsm.danube.proto.admin.BrokerAdminGrpc;
import io.dsm.danube.proto.admin.DanubeAdminProto;
import io.dsm.danube.proto.admin.NamespaceAdminGrpc;
import io.dsm.danube.proto.schema.GetSchemaRequest;
import io.dsm.danube.proto.schema.RegisterSchemaRequest;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.dsm.danube.proto.schema.SchemaRegistryProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden-byte tests that pin our .proto files to Danube v0.15.1's wire format.
 *
 * <p>The cases are in {@code wire-golden.txt} next to this class: per case a message in protobuf
 * text format and its golden bytes, written by hand from the field numbers and wire types (the
 * file's header says how). Each case is checked both ways: our generated class must encode the
 * message to exactly the golden bytes, and decoding the golden bytes must give back the same
 * message. The tests below the table check what decoding must keep beyond equality: oneof cases,
 * presence of proto3 {@code optional} zero values, and uint64 values above {@code Long.MAX_VALUE}.
 */
class WireCompatibilityTest {

  /** The files whose messages the golden cases may name. */
  private static final List<FileDescriptor> FILES =
      List.of(
          DanubeApiProto.getDescriptor(),
          SchemaRegistryProto.getDescriptor(),
          DanubeAdminProto.getDescriptor());

  /** The golden cases by name, in file order. */
  private static final Map<String, GoldenCase> GOLDEN = load("wire-golden.txt");

  /** One case of the golden file: a message (of our generated class) and its golden bytes. */
  record GoldenCase(String name, Message message, byte[] golden) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<GoldenCase> goldenCases() {
    return GOLDEN.values().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void encodesToAndDecodesFromTheGoldenBytes(GoldenCase c) throws Exception {
    assertWire(c.message(), c.golden());
  }

  @Test
  void schemaReferenceVersionRefIsAOneofWhoseMembersKeepPresence() throws Exception {
    assertThat(
            decoded("producerRequestWithEveryFieldAndLatestSchema", ProducerRequest.class)
                .getSchemaRef()
                .getVersionRefCase())
        .isEqualTo(SchemaReference.VersionRefCase.USE_LATEST);
    assertThat(
            decoded(
                    "producerRequestDefaultsSharedAndNonReliableAreNotOnTheWire",
                    ProducerRequest.class)
                .hasSchemaRef())
        .isFalse();
    Map<String, SchemaReference.VersionRefCase> cases = new LinkedHashMap<>();
    cases.put(
        "schemaReferenceUseLatestFalseIsStillSentBecauseItIsAOneofMember",
        SchemaReference.VersionRefCase.USE_LATEST);
    cases.put("schemaReferencePinnedVersion", SchemaReference.VersionRefCase.PINNED_VERSION);
    cases.put(
        "schemaReferencePinnedVersionZeroKeepsPresence",
        SchemaReference.VersionRefCase.PINNED_VERSION);
    cases.put("schemaReferenceMinVersion", SchemaReference.VersionRefCase.MIN_VERSION);
    cases.put(
        "schemaReferenceWithoutVersionRef", SchemaReference.VersionRefCase.VERSIONREF_NOT_SET);
    for (Map.Entry<String, SchemaReference.VersionRefCase> c : cases.entrySet()) {
      assertThat(decoded(c.getKey(), SchemaReference.class).getVersionRefCase())
          .as(c.getKey())
          .isEqualTo(c.getValue());
    }
  }

  @Test
  void uint64ValuesAboveLongMaxDecodeToTheirUnsignedValue() throws Exception {
    assertUnsigned(
        "producerResponseWithLargestUint64ProducerId", "18446744073709551615", "producer_id");
    assertUnsigned("streamMessageWithEveryField", "9223372036854775808", "msg_id", "topic_offset");
    assertUnsigned(
        "consumerResponseWithConsumerIdAboveLongMax", "18446744073709551614", "consumer_id");
    assertUnsigned("healthCheckRequestForConsumerWithIdAboveLongMax", "9223372036854775808", "id");
  }

  /** The uint64 at {@code path} (field names, outermost first) of case {@code name}'s decoding. */
  private static void assertUnsigned(String name, String expected, String... path)
      throws InvalidProtocolBufferException {
    Message m = decoded(name, Message.class);
    for (int i = 0; i < path.length - 1; i++) {
      m = (Message) m.getField(m.getDescriptorForType().findFieldByName(path[i]));
    }
    Object value = m.getField(m.getDescriptorForType().findFieldByName(path[path.length - 1]));
    assertThat(Long.toUnsignedString((Long) value)).as("%s %s", name, path).isEqualTo(expected);
  }

  @Test
  void optionalFieldsKeepPresenceOfZeroValuesAndAbsence() throws Exception {
    StreamMessage zeros =
        decoded("streamMessageOptionalFieldsKeepPresenceWhenZeroOrEmpty", StreamMessage.class);
    assertThat(zeros.hasSchemaId()).isTrue();
    assertThat(zeros.hasSchemaVersion()).isTrue();
    assertThat(zeros.hasRoutingKey()).isTrue();
    StreamMessage none =
        decoded("streamMessageWithoutOptionalFieldsHasNoPresence", StreamMessage.class);
    assertThat(none.hasSchemaId()).isFalse();
    assertThat(none.hasSchemaVersion()).isFalse();
    assertThat(none.hasRoutingKey()).isFalse();
    assertThat(none.hasMsgId()).isFalse();

    NackRequest zeroDelay =
        decoded("nackRequestOptionalFieldsPresenceAndAbsence: zero delay", NackRequest.class);
    assertThat(zeroDelay.hasDelayMs()).isTrue();
    assertThat(zeroDelay.hasReason()).isFalse();
    assertThat(
            decoded("nackRequestOptionalFieldsPresenceAndAbsence: none", NackRequest.class)
                .hasDelayMs())
        .isFalse();
    assertThat(
            decoded("getSchemaRequestWithAndWithoutOptionalVersion: zero", GetSchemaRequest.class)
                .hasVersion())
        .isTrue();
    assertThat(
            decoded(
                    "getSchemaRequestWithAndWithoutOptionalVersion: without",
                    GetSchemaRequest.class)
                .hasVersion())
        .isFalse();
  }

  @Test
  void decodedValuesOfRepeatedMapBytesAndDefaultFields() throws Exception {
    NackRequest nack = decoded("nackRequestWithDelayAndReason", NackRequest.class);
    assertThat(nack.getDelayMs()).isEqualTo(1000);
    assertThat(nack.getReason()).isEqualTo("x");
    assertThat(decoded("msgIdTopicOffsetIsField5", MsgID.class).getTopicOffset()).isEqualTo(300);
    assertThat(decoded("streamMessageWithEveryField", StreamMessage.class).getAttributesMap())
        .containsOnly(entry("a", "1"), entry("k", "v"));
    assertThat(
            decoded("consumerRequestKeySharedWithKeyFilters", ConsumerRequest.class)
                .getKeyFiltersList())
        .containsExactly("a", "b");
    assertThat(
            decoded("topicPartitionsResponse", TopicPartitionsResponse.class).getPartitionsList())
        .containsExactly("/ns/t-part-0", "/ns/t-part-1");
    assertThat(
            decoded("registerSchemaRequest", RegisterSchemaRequest.class)
                .getSchemaDefinition()
                .toStringUtf8())
        .isEqualTo("{}");
    assertThat(decoded("healthCheckResponseStatuses: OK", HealthCheckResponse.class).getStatus())
        .isEqualTo(HealthCheckResponse.ClientStatus.OK);
  }

  @Nested
  class ServiceMethods {
    /** An RPC of Danube's API as our generated stub names it, and its request and response. */
    record Rpc(io.grpc.MethodDescriptor<?, ?> stub, String fullName, String signature) {}

    private static Rpc rpc(io.grpc.MethodDescriptor<?, ?> stub, String fullName, String types) {
      return new Rpc(stub, fullName, types);
    }

    private static final List<Rpc> RPCS =
        List.of(
            rpc(
                ProducerServiceGrpc.getCreateProducerMethod(),
                "danube.ProducerService/CreateProducer",
                "danube.ProducerRequest -> danube.ProducerResponse"),
            rpc(
                ProducerServiceGrpc.getSendMessageMethod(),
                "danube.ProducerService/SendMessage",
                "danube.StreamMessage -> danube.MessageResponse"),
            rpc(
                ConsumerServiceGrpc.getSubscribeMethod(),
                "danube.ConsumerService/Subscribe",
                "danube.ConsumerRequest -> danube.ConsumerResponse"),
            rpc(
                ConsumerServiceGrpc.getReceiveMessagesMethod(),
                "danube.ConsumerService/ReceiveMessages",
                "danube.ReceiveRequest -> danube.StreamMessage"),
            rpc(
                ConsumerServiceGrpc.getAckMethod(),
                "danube.ConsumerService/Ack",
                "danube.AckRequest -> danube.AckResponse"),
            rpc(
                ConsumerServiceGrpc.getNackMethod(),
                "danube.ConsumerService/Nack",
                "danube.NackRequest -> danube.NackResponse"),
            rpc(
                DiscoveryGrpc.getTopicLookupMethod(),
                "danube.Discovery/TopicLookup",
                "danube.TopicLookupRequest -> danube.TopicLookupResponse"),
            rpc(
                DiscoveryGrpc.getTopicPartitionsMethod(),
                "danube.Discovery/TopicPartitions",
                "danube.TopicLookupRequest -> danube.TopicPartitionsResponse"),
            rpc(
                HealthCheckGrpc.getHealthCheckMethod(),
                "danube.HealthCheck/HealthCheck",
                "danube.HealthCheckRequest -> danube.HealthCheckResponse"),
            rpc(
                SchemaRegistryGrpc.getRegisterSchemaMethod(),
                "danube_schema.SchemaRegistry/RegisterSchema",
                "danube_schema.RegisterSchemaRequest -> danube_schema.RegisterSchemaResponse"),
            rpc(
                SchemaRegistryGrpc.getGetSchemaMethod(),
                "danube_schema.SchemaRegistry/GetSchema",
                "danube_schema.GetSchemaRequest -> danube_schema.GetSchemaResponse"),
            rpc(
                SchemaRegistryGrpc.getGetLatestSchemaMethod(),
                "danube_schema.SchemaRegistry/GetLatestSchema",
                "danube_schema.GetLatestSchemaRequest -> danube_schema.GetSchemaResponse"),
            rpc(
                SchemaRegistryGrpc.getConfigureTopicSchemaMethod(),
                "danube_schema.SchemaRegistry/ConfigureTopicSchema",
                "danube_schema.ConfigureTopicSchemaRequest"
                    + " -> danube_schema.ConfigureTopicSchemaResponse"),
            rpc(
                SchemaRegistryGrpc.getUpdateTopicValidationPolicyMethod(),
                "danube_schema.SchemaRegistry/UpdateTopicValidationPolicy",
                "danube_schema.UpdateTopicValidationPolicyRequest"
                    + " -> danube_schema.UpdateTopicValidationPolicyResponse"),
            rpc(
                SchemaRegistryGrpc.getGetTopicSchemaConfigMethod(),
                "danube_schema.SchemaRegistry/GetTopicSchemaConfig",
                "danube_schema.GetTopicSchemaConfigRequest"
                    + " -> danube_schema.GetTopicSchemaConfigResponse"),
            rpc(
                BrokerAdminGrpc.getListNamespacesMethod(),
                "danube_admin.BrokerAdmin/ListNamespaces",
                "danube_admin.Empty -> danube_admin.NamespaceListResponse"),
            rpc(
                NamespaceAdminGrpc.getGetNamespaceTopicsMethod(),
                "danube_admin.NamespaceAdmin/GetNamespaceTopics",
                "danube_admin.NamespaceRequest -> danube_admin.TopicListResponse"),
            rpc(
                NamespaceAdminGrpc.getGetNamespacePoliciesMethod(),
                "danube_admin.NamespaceAdmin/GetNamespacePolicies",
                "danube_admin.NamespaceRequest -> danube_admin.PolicyResponse"),
            rpc(
                NamespaceAdminGrpc.getCreateNamespaceMethod(),
                "danube_admin.NamespaceAdmin/CreateNamespace",
                "danube_admin.NamespaceRequest -> danube_admin.NamespaceResponse"),
            rpc(
                NamespaceAdminGrpc.getDeleteNamespaceMethod(),
                "danube_admin.NamespaceAdmin/DeleteNamespace",
                "danube_admin.NamespaceRequest -> danube_admin.NamespaceResponse"));

    @Test
    void fullyQualifiedMethodNamesOfTheGeneratedStubs() {
      for (Rpc rpc : RPCS) {
        assertThat(rpc.stub().getFullMethodName()).isEqualTo(rpc.fullName());
      }
    }

    @Test
    void onlyReceiveMessagesIsServerStreaming() {
      for (Rpc rpc : RPCS) {
        assertThat(rpc.stub().getType().name())
            .as(rpc.fullName())
            .isEqualTo(rpc.fullName().endsWith("/ReceiveMessages") ? "SERVER_STREAMING" : "UNARY");
      }
    }

    @Test
    void methodRequestAndResponseTypesMatchDanube() {
      for (Rpc rpc : RPCS) {
        assertThat(signature(rpc.fullName())).as(rpc.fullName()).isEqualTo(rpc.signature());
      }
    }

    /** {@code request -> response} of the method {@code service/Method} in our descriptors. */
    private static String signature(String fullName) {
      String service = fullName.substring(0, fullName.indexOf('/'));
      String method = fullName.substring(fullName.indexOf('/') + 1);
      for (FileDescriptor file : FILES) {
        for (ServiceDescriptor s : file.getServices()) {
          if (s.getFullName().equals(service)) {
            MethodDescriptor m = s.findMethodByName(method);
            assertThat(m).as(fullName).isNotNull();
            return m.getInputType().getFullName() + " -> " + m.getOutputType().getFullName();
          }
        }
      }
      throw new AssertionError("no service " + service);
    }
  }

  /**
   * Asserts that {@code message} encodes to exactly the golden bytes and that the golden bytes
   * decode to an equal message.
   *
   * <p>Map entries have no defined order on the wire, so the comparison uses deterministic
   * serialization (entries sorted by key) and the plain encoding; cases list keys in sorted order,
   * so both must match.
   */
  private static void assertWire(Message message, byte[] expected)
      throws InvalidProtocolBufferException {
    assertThat(HexFormat.ofDelimiter(" ").formatHex(deterministic(message)))
        .as("deterministic encoding of %s", message.getDescriptorForType().getFullName())
        .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(expected));
    assertThat(message.toByteArray()).isEqualTo(expected);
    Message decoded = message.getParserForType().parseFrom(expected);
    assertThat(decoded).isEqualTo(message);
    assertThat(decoded.getUnknownFields().asMap()).isEmpty();
  }

  /** The golden bytes of case {@code name}, decoded by the generated class {@code type}. */
  private static <T extends Message> T decoded(String name, Class<T> type)
      throws InvalidProtocolBufferException {
    GoldenCase c = GOLDEN.get(name);
    assertThat(c).as("golden case %s", name).isNotNull();
    return type.cast(c.message().getParserForType().parseFrom(c.golden()));
  }

  private static byte[] deterministic(Message message) {
    byte[] out = new byte[message.getSerializedSize()];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    stream.useDeterministicSerialization();
    try {
      message.writeTo(stream);
      stream.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new AssertionError("encoding into an array cannot fail", e);
    }
    return out;
  }

  /**
   * Reads the golden file: {@code == name}, then {@code full.Name { text format }} (ending on a
   * line that closes its braces), then hex lines up to the next case; {@code #} starts a comment.
   */
  private static Map<String, GoldenCase> load(String resource) {
    List<String> lines;
    try (InputStream in = WireCompatibilityTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, GoldenCase> cases = new LinkedHashMap<>();
    int i = 0;
    while (i < lines.size()) {
      if (!lines.get(i).startsWith("== ")) {
        i++;
        continue;
      }
      String name = lines.get(i++).substring(3).trim();
      StringBuilder text = new StringBuilder();
      int depth = 0;
      do {
        String line = lines.get(i++);
        text.append(line).append('\n');
        depth += braceBalance(line);
      } while (depth > 0);
      StringBuilder hex = new StringBuilder();
      while (i < lines.size() && !lines.get(i).startsWith("== ")) {
        String line = lines.get(i++);
        int comment = line.indexOf('#');
        hex.append(comment < 0 ? line : line.substring(0, comment));
      }
      GoldenCase c =
          new GoldenCase(
              name,
              parse(text.toString().trim()),
              HexFormat.of().parseHex(hex.toString().replaceAll("\\s+", "")));
      assertThat(cases.put(name, c)).as("golden case %s is unique", name).isNull();
    }
    return cases;
  }

  /** Opening minus closing braces outside string literals. */
  private static int braceBalance(String line) {
    int balance = 0;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted && ch == '\\') {
        i++;
      } else if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted && ch == '{') {
        balance++;
      } else if (!quoted && ch == '}') {
        balance--;
      }
    }
    return balance;
  }

  /** {@code full.Name { fields }} as an instance of the generated class of that message. */
  private static Message parse(String text) {
    int open = text.indexOf('{');
    String fullName = text.substring(0, open).trim();
    Message.Builder builder = prototype(fullName).newBuilderForType();
    try {
      TextFormat.merge(text.substring(open + 1, text.lastIndexOf('}')), builder);
    } catch (TextFormat.ParseException e) {
      throw new AssertionError("golden message " + fullName + " is not valid text format", e);
    }
    return builder.build();
  }

  /** The default instance of the generated class of {@code fullName}, found by its java_package. */
  private static Message prototype(String fullName) {
    for (FileDescriptor file : FILES) {
      String prefix = file.getPackage() + ".";
      Descriptor type =
          fullName.startsWith(prefix)
              ? file.findMessageTypeByName(fullName.substring(prefix.length()))
              : null;
      if (type != null) {
        String className = file.getOptions().getJavaPackage() + "." + type.getName();
        try {
          return (Message) Class.forName(className).getMethod("getDefaultInstance").invoke(null);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError("no generated class " + className, e);
        }
      }
    }
    throw new AssertionError("golden message of unknown type " + fullName);
  }
}
