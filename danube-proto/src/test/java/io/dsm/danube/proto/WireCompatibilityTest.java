/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.dsm.danube.proto.admin.BrokerAdminGrpc;
import io.dsm.danube.proto.admin.DanubeAdminProto;
import io.dsm.danube.proto.admin.Empty;
import io.dsm.danube.proto.admin.NamespaceAdminGrpc;
import io.dsm.danube.proto.admin.NamespaceListResponse;
import io.dsm.danube.proto.admin.NamespaceRequest;
import io.dsm.danube.proto.admin.NamespaceResponse;
import io.dsm.danube.proto.admin.PolicyResponse;
import io.dsm.danube.proto.admin.TopicListResponse;
import io.dsm.danube.proto.schema.ConfigureTopicSchemaRequest;
import io.dsm.danube.proto.schema.ConfigureTopicSchemaResponse;
import io.dsm.danube.proto.schema.GetLatestSchemaRequest;
import io.dsm.danube.proto.schema.GetSchemaRequest;
import io.dsm.danube.proto.schema.GetSchemaResponse;
import io.dsm.danube.proto.schema.GetTopicSchemaConfigRequest;
import io.dsm.danube.proto.schema.GetTopicSchemaConfigResponse;
import io.dsm.danube.proto.schema.RegisterSchemaRequest;
import io.dsm.danube.proto.schema.RegisterSchemaResponse;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.dsm.danube.proto.schema.SchemaRegistryProto;
import io.dsm.danube.proto.schema.UpdateTopicValidationPolicyRequest;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden-byte tests that pin our .proto files to Danube v0.15.1's wire format.
 *
 * <p>Every golden byte string below was written by hand from the field numbers and wire types (tag
 * = field_number << 3 | wire_type; wire type 0 = varint, 2 = length-delimited), not copied from an
 * encoder's output. A renumbered field, a changed type (e.g. uint64 -> int64 would still pass, but
 * uint64 -> string would not) or a lost {@code optional} (explicit presence of zero values) makes
 * these tests fail. Each case is checked both ways: our encoder must produce the golden bytes, and
 * decoding the golden bytes must give back the same message.
 */
class WireCompatibilityTest {

  /** 2^63, the smallest uint64 that does not fit a signed Java long. */
  private static final long U64_2_POW_63 = Long.MIN_VALUE;

  /** 2^64 - 1, the largest uint64. */
  private static final long U64_MAX = -1L;

  /** 1_700_000_000_000 ms = 2023-11-14T22:13:20Z, a realistic publish_time / created_at. */
  private static final long EPOCH_MS = 1_700_000_000_000L;

  private static final MsgID SMALL_MSG_ID =
      MsgID.newBuilder().setProducerId(1).setTopicName("t").setTopicOffset(300).build();

  /** SMALL_MSG_ID's encoding, 8 bytes. */
  private static final String SMALL_MSG_ID_HEX =
      "08 01" // producer_id (1, varint) = 1
          + " 12 01 74" // topic_name (2, len 1) = "t"
          + " 28 ac 02"; // topic_offset (5, varint) = 300; field 4 does not exist

  @Nested
  class Producer {

    @Test
    void producerRequestWithEveryFieldAndLatestSchema() throws Exception {
      ProducerRequest request =
          ProducerRequest.newBuilder()
              .setRequestId(42)
              .setProducerName("p1")
              .setTopicName("/ns/t")
              .setSchemaRef(SchemaReference.newBuilder().setSubject("s").setUseLatest(true))
              .setProducerAccessMode(ProducerAccessMode.Exclusive)
              .setDispatchStrategy(DispatchStrategy.Reliable)
              .build();

      ProducerRequest decoded =
          assertWire(
              request,
              ProducerRequest.parser(),
              "08 2a", // request_id (1, varint) = 42
              "12 02 70 31", // producer_name (2, len 2) = "p1"
              "1a 05 2f 6e 73 2f 74", // topic_name (3, len 5) = "/ns/t"
              "22 05", // schema_ref (4, len 5) = SchemaReference {
              "  0a 01 73", //   subject (1, len 1) = "s"
              "  10 01", //   use_latest (2, varint) = true }
              "28 01", // producer_access_mode (5, varint) = Exclusive (1)
              "30 01"); // dispatch_strategy (6, varint) = Reliable (1)
      assertThat(decoded.getSchemaRef().getVersionRefCase())
          .isEqualTo(SchemaReference.VersionRefCase.USE_LATEST);
    }

    @Test
    void producerRequestDefaultsSharedAndNonReliableAreNotOnTheWire() throws Exception {
      ProducerRequest request =
          ProducerRequest.newBuilder()
              .setRequestId(1)
              .setTopicName("/ns/t")
              .setProducerAccessMode(ProducerAccessMode.Shared)
              .setDispatchStrategy(DispatchStrategy.NonReliable)
              .build();

      ProducerRequest decoded =
          assertWire(
              request,
              ProducerRequest.parser(),
              "08 01", // request_id (1, varint) = 1
              "1a 05 2f 6e 73 2f 74"); // topic_name (3, len 5) = "/ns/t"; enums 0 are omitted
      assertThat(decoded.hasSchemaRef()).isFalse();
    }

    @Test
    void schemaReferenceUseLatestFalseIsStillSentBecauseItIsAOneofMember() throws Exception {
      SchemaReference ref =
          SchemaReference.newBuilder().setSubject("s").setUseLatest(false).build();

      SchemaReference decoded =
          assertWire(
              ref,
              SchemaReference.parser(),
              "0a 01 73", // subject (1, len 1) = "s"
              "10 00"); // use_latest (2, varint) = false, present: oneof has presence
      assertThat(decoded.getVersionRefCase()).isEqualTo(SchemaReference.VersionRefCase.USE_LATEST);
    }

    @Test
    void schemaReferencePinnedVersion() throws Exception {
      SchemaReference ref =
          SchemaReference.newBuilder().setSubject("s").setPinnedVersion(3).build();

      SchemaReference decoded =
          assertWire(
              ref,
              SchemaReference.parser(),
              "0a 01 73", // subject (1, len 1) = "s"
              "18 03"); // pinned_version (3, varint) = 3
      assertThat(decoded.getVersionRefCase())
          .isEqualTo(SchemaReference.VersionRefCase.PINNED_VERSION);
    }

    @Test
    void schemaReferencePinnedVersionZeroKeepsPresence() throws Exception {
      SchemaReference ref =
          SchemaReference.newBuilder().setSubject("s").setPinnedVersion(0).build();

      SchemaReference decoded =
          assertWire(
              ref,
              SchemaReference.parser(),
              "0a 01 73", // subject (1, len 1) = "s"
              "18 00"); // pinned_version (3, varint) = 0, present
      assertThat(decoded.getVersionRefCase())
          .isEqualTo(SchemaReference.VersionRefCase.PINNED_VERSION);
    }

    @Test
    void schemaReferenceMinVersion() throws Exception {
      SchemaReference ref = SchemaReference.newBuilder().setSubject("s").setMinVersion(300).build();

      SchemaReference decoded =
          assertWire(
              ref,
              SchemaReference.parser(),
              "0a 01 73", // subject (1, len 1) = "s"
              "20 ac 02"); // min_version (4, varint) = 300 (0b10_0101100 -> ac 02)
      assertThat(decoded.getVersionRefCase()).isEqualTo(SchemaReference.VersionRefCase.MIN_VERSION);
    }

    @Test
    void schemaReferenceWithoutVersionRef() throws Exception {
      SchemaReference ref = SchemaReference.newBuilder().setSubject("s").build();

      SchemaReference decoded =
          assertWire(ref, SchemaReference.parser(), "0a 01 73"); // subject (1, len 1) = "s"
      assertThat(decoded.getVersionRefCase())
          .isEqualTo(SchemaReference.VersionRefCase.VERSIONREF_NOT_SET);
    }

    @Test
    void producerResponseWithLargestUint64ProducerId() throws Exception {
      ProducerResponse response =
          ProducerResponse.newBuilder()
              .setRequestId(42)
              .setProducerId(U64_MAX)
              .setProducerName("p1")
              .build();

      ProducerResponse decoded =
          assertWire(
              response,
              ProducerResponse.parser(),
              "08 2a", // request_id (1, varint) = 42
              "10 ff ff ff ff ff ff ff ff ff 01", // producer_id (2, varint, 10 bytes) = 2^64-1
              "1a 02 70 31"); // producer_name (3, len 2) = "p1"
      assertThat(Long.toUnsignedString(decoded.getProducerId())).isEqualTo("18446744073709551615");
    }

    @Test
    void streamMessageWithEveryField() throws Exception {
      StreamMessage message =
          StreamMessage.newBuilder()
              .setRequestId(7)
              .setMsgId(
                  MsgID.newBuilder()
                      .setProducerId(5)
                      .setTopicName("/ns/t")
                      .setBrokerAddr("b:1")
                      .setTopicOffset(U64_2_POW_63))
              .setPayload(ByteString.copyFrom(new byte[] {0x00, (byte) 0xff, (byte) 0x80}))
              .setPublishTime(EPOCH_MS)
              .setProducerName("p1")
              .setSubscriptionName("sub")
              .putAttributes("a", "1")
              .putAttributes("k", "v")
              .setSchemaId(9)
              .setSchemaVersion(2)
              .setRoutingKey("rk")
              .build();

      StreamMessage decoded =
          assertWire(
              message,
              StreamMessage.parser(),
              "08 07", // request_id (1, varint) = 7
              "12 19", // msg_id (2, len 25) = MsgID {
              "  08 05", //   producer_id (1, varint) = 5
              "  12 05 2f 6e 73 2f 74", //   topic_name (2, len 5) = "/ns/t"
              "  1a 03 62 3a 31", //   broker_addr (3, len 3) = "b:1"
              "  28 80 80 80 80 80 80 80 80 80 01", //   topic_offset (5, varint) = 2^63 }
              "1a 03 00 ff 80", // payload (3, len 3) = 00 ff 80, raw bytes
              "20 80 d0 95 ff bc 31", // publish_time (4, varint) = 1_700_000_000_000
              "2a 02 70 31", // producer_name (5, len 2) = "p1"
              "32 03 73 75 62", // subscription_name (6, len 3) = "sub"
              "3a 06 0a 01 61 12 01 31", // attributes (7, len 6) entry {key(1)="a", value(2)="1"}
              "3a 06 0a 01 6b 12 01 76", // attributes (7, len 6) entry {key(1)="k", value(2)="v"}
              "40 09", // schema_id (8, varint) = 9
              "48 02", // schema_version (9, varint) = 2
              "52 02 72 6b"); // routing_key (10, len 2) = "rk"
      assertThat(Long.toUnsignedString(decoded.getMsgId().getTopicOffset()))
          .isEqualTo("9223372036854775808");
      assertThat(decoded.getAttributesMap()).containsOnly(entry("a", "1"), entry("k", "v"));
    }

    @Test
    void streamMessageOptionalFieldsKeepPresenceWhenZeroOrEmpty() throws Exception {
      StreamMessage message =
          StreamMessage.newBuilder()
              .setRequestId(1)
              .setSchemaId(0)
              .setSchemaVersion(0)
              .setRoutingKey("")
              .build();

      StreamMessage decoded =
          assertWire(
              message,
              StreamMessage.parser(),
              "08 01", // request_id (1, varint) = 1
              "40 00", // schema_id (8, varint) = 0, present (proto3 optional)
              "48 00", // schema_version (9, varint) = 0, present
              "52 00"); // routing_key (10, len 0) = "", present
      assertThat(decoded.hasSchemaId()).isTrue();
      assertThat(decoded.hasSchemaVersion()).isTrue();
      assertThat(decoded.hasRoutingKey()).isTrue();
    }

    @Test
    void streamMessageWithoutOptionalFieldsHasNoPresence() throws Exception {
      StreamMessage message =
          StreamMessage.newBuilder()
              .setRequestId(1)
              .setPayload(ByteString.copyFromUtf8("hi"))
              .build();

      StreamMessage decoded =
          assertWire(
              message,
              StreamMessage.parser(),
              "08 01", // request_id (1, varint) = 1
              "1a 02 68 69"); // payload (3, len 2) = "hi"
      assertThat(decoded.hasSchemaId()).isFalse();
      assertThat(decoded.hasSchemaVersion()).isFalse();
      assertThat(decoded.hasRoutingKey()).isFalse();
      assertThat(decoded.hasMsgId()).isFalse();
    }

    @Test
    void msgIdTopicOffsetIsField5() throws Exception {
      MsgID decoded = assertWire(SMALL_MSG_ID, MsgID.parser(), SMALL_MSG_ID_HEX);
      assertThat(decoded.getTopicOffset()).isEqualTo(300);
    }

    @Test
    void messageResponse() throws Exception {
      assertWire(
          MessageResponse.newBuilder().setRequestId(150).build(),
          MessageResponse.parser(),
          "08 96 01"); // request_id (1, varint) = 150 (0b1_0010110 -> 96 01)
    }
  }

  @Nested
  class Consumer {

    @Test
    void consumerRequestKeySharedWithKeyFilters() throws Exception {
      ConsumerRequest request =
          ConsumerRequest.newBuilder()
              .setRequestId(1)
              .setTopicName("/ns/t")
              .setConsumerName("c")
              .setSubscription("s")
              .setSubscriptionType(ConsumerRequest.SubscriptionType.KeyShared)
              .addKeyFilters("a")
              .addKeyFilters("b")
              .build();

      ConsumerRequest decoded =
          assertWire(
              request,
              ConsumerRequest.parser(),
              "08 01", // request_id (1, varint) = 1
              "12 05 2f 6e 73 2f 74", // topic_name (2, len 5) = "/ns/t"
              "1a 01 63", // consumer_name (3, len 1) = "c"
              "22 01 73", // subscription (4, len 1) = "s"
              "28 03", // subscription_type (5, varint) = KeyShared (3)
              "32 01 61", // key_filters (6, len 1) = "a"
              "32 01 62"); // key_filters (6, len 1) = "b"
      assertThat(decoded.getKeyFiltersList()).containsExactly("a", "b");
    }

    @Test
    void consumerRequestSubscriptionTypeWireValues() throws Exception {
      assertWire(
          ConsumerRequest.newBuilder()
              .setSubscriptionType(ConsumerRequest.SubscriptionType.Exclusive)
              .build(),
          ConsumerRequest.parser()); // Exclusive (0) is the default: nothing on the wire
      assertWire(
          ConsumerRequest.newBuilder()
              .setSubscriptionType(ConsumerRequest.SubscriptionType.Shared)
              .build(),
          ConsumerRequest.parser(),
          "28 01"); // subscription_type (5, varint) = Shared (1)
      assertWire(
          ConsumerRequest.newBuilder()
              .setSubscriptionType(ConsumerRequest.SubscriptionType.Failover)
              .build(),
          ConsumerRequest.parser(),
          "28 02"); // subscription_type (5, varint) = Failover (2)
    }

    @Test
    void consumerResponseWithConsumerIdAboveLongMax() throws Exception {
      ConsumerResponse response =
          ConsumerResponse.newBuilder()
              .setRequestId(1)
              .setConsumerId(-2L) // 2^64 - 2
              .setConsumerName("c")
              .build();

      ConsumerResponse decoded =
          assertWire(
              response,
              ConsumerResponse.parser(),
              "08 01", // request_id (1, varint) = 1
              "10 fe ff ff ff ff ff ff ff ff 01", // consumer_id (2, varint, 10 bytes) = 2^64-2
              "1a 01 63"); // consumer_name (3, len 1) = "c"
      assertThat(Long.toUnsignedString(decoded.getConsumerId())).isEqualTo("18446744073709551614");
    }

    @Test
    void receiveRequest() throws Exception {
      assertWire(
          ReceiveRequest.newBuilder().setRequestId(3).setConsumerId(4).build(),
          ReceiveRequest.parser(),
          "08 03", // request_id (1, varint) = 3
          "10 04"); // consumer_id (2, varint) = 4
    }

    @Test
    void ackRequestAndResponse() throws Exception {
      assertWire(
          AckRequest.newBuilder()
              .setRequestId(5)
              .setMsgId(SMALL_MSG_ID)
              .setSubscriptionName("s")
              .build(),
          AckRequest.parser(),
          "08 05", // request_id (1, varint) = 5
          "12 08 " + SMALL_MSG_ID_HEX, // msg_id (2, len 8) = MsgID {1, "t", offset 300}
          "1a 01 73"); // subscription_name (3, len 1) = "s"
      assertWire(
          AckResponse.newBuilder().setRequestId(5).build(),
          AckResponse.parser(),
          "08 05"); // request_id (1, varint) = 5
    }

    @Test
    void nackRequestWithDelayAndReason() throws Exception {
      NackRequest decoded =
          assertWire(
              NackRequest.newBuilder()
                  .setRequestId(6)
                  .setMsgId(SMALL_MSG_ID)
                  .setSubscriptionName("s")
                  .setDelayMs(1000)
                  .setReason("x")
                  .build(),
              NackRequest.parser(),
              "08 06", // request_id (1, varint) = 6
              "12 08 " + SMALL_MSG_ID_HEX, // msg_id (2, len 8) = MsgID {1, "t", offset 300}
              "1a 01 73", // subscription_name (3, len 1) = "s"
              "20 e8 07", // delay_ms (4, varint) = 1000 (0b111_1101000 -> e8 07)
              "2a 01 78"); // reason (5, len 1) = "x"
      assertThat(decoded.getDelayMs()).isEqualTo(1000);
      assertThat(decoded.getReason()).isEqualTo("x");
    }

    @Test
    void nackRequestOptionalFieldsPresenceAndAbsence() throws Exception {
      NackRequest zeroDelay =
          assertWire(
              NackRequest.newBuilder().setRequestId(6).setDelayMs(0).build(),
              NackRequest.parser(),
              "08 06", // request_id (1, varint) = 6
              "20 00"); // delay_ms (4, varint) = 0, present (proto3 optional)
      assertThat(zeroDelay.hasDelayMs()).isTrue();
      assertThat(zeroDelay.hasReason()).isFalse();

      NackRequest none =
          assertWire(
              NackRequest.newBuilder().setRequestId(6).build(),
              NackRequest.parser(),
              "08 06"); // request_id (1, varint) = 6; delay_ms and reason absent
      assertThat(none.hasDelayMs()).isFalse();
    }

    @Test
    void nackResponse() throws Exception {
      assertWire(
          NackResponse.newBuilder().setRequestId(6).build(),
          NackResponse.parser(),
          "08 06"); // request_id (1, varint) = 6
    }
  }

  @Nested
  class DiscoveryAndHealth {

    @Test
    void topicLookupRequest() throws Exception {
      assertWire(
          TopicLookupRequest.newBuilder().setRequestId(1).setTopic("/ns/t").build(),
          TopicLookupRequest.parser(),
          "08 01", // request_id (1, varint) = 1
          "12 05 2f 6e 73 2f 74"); // topic (2, len 5) = "/ns/t"
    }

    @Test
    void topicLookupResponseFieldsStartAt3() throws Exception {
      assertWire(
          TopicLookupResponse.newBuilder()
              .setRequestId(9)
              .setResponseType(TopicLookupResponse.LookupType.Connect)
              .setConnectUrl("u")
              .setBrokerUrl("b")
              .setProxy(true)
              .build(),
          TopicLookupResponse.parser(),
          "18 09", // request_id (3, varint) = 9
          "20 01", // response_type (4, varint) = Connect (1)
          "2a 01 75", // connect_url (5, len 1) = "u"
          "32 01 62", // broker_url (6, len 1) = "b"
          "38 01"); // proxy (7, varint) = true
    }

    @Test
    void topicLookupResponseTypeWireValues() throws Exception {
      assertWire(
          TopicLookupResponse.newBuilder()
              .setRequestId(9)
              .setResponseType(TopicLookupResponse.LookupType.Redirect)
              .build(),
          TopicLookupResponse.parser(),
          "18 09"); // request_id (3, varint) = 9; Redirect (0) is the default, not on the wire
      assertWire(
          TopicLookupResponse.newBuilder()
              .setResponseType(TopicLookupResponse.LookupType.Failed)
              .build(),
          TopicLookupResponse.parser(),
          "20 02"); // response_type (4, varint) = Failed (2)
    }

    @Test
    void topicPartitionsResponse() throws Exception {
      TopicPartitionsResponse decoded =
          assertWire(
              TopicPartitionsResponse.newBuilder()
                  .setRequestId(1)
                  .addPartitions("/ns/t-part-0")
                  .addPartitions("/ns/t-part-1")
                  .build(),
              TopicPartitionsResponse.parser(),
              "08 01", // request_id (1, varint) = 1
              "12 0c 2f 6e 73 2f 74 2d 70 61 72 74 2d 30", // partitions (2, len 12) "/ns/t-part-0"
              "12 0c 2f 6e 73 2f 74 2d 70 61 72 74 2d 31"); // partitions (2, len 12) "/ns/t-part-1"
      assertThat(decoded.getPartitionsList()).containsExactly("/ns/t-part-0", "/ns/t-part-1");
    }

    @Test
    void healthCheckRequestForConsumerWithIdAboveLongMax() throws Exception {
      HealthCheckRequest decoded =
          assertWire(
              HealthCheckRequest.newBuilder()
                  .setRequestId(1)
                  .setClient(HealthCheckRequest.ClientType.Consumer)
                  .setId(U64_2_POW_63)
                  .build(),
              HealthCheckRequest.parser(),
              "08 01", // request_id (1, varint) = 1
              "10 01", // client (2, varint) = Consumer (1)
              "18 80 80 80 80 80 80 80 80 80 01"); // id (3, varint, 10 bytes) = 2^63
      assertThat(Long.toUnsignedString(decoded.getId())).isEqualTo("9223372036854775808");
    }

    @Test
    void healthCheckResponseStatuses() throws Exception {
      assertWire(
          HealthCheckResponse.newBuilder()
              .setStatus(HealthCheckResponse.ClientStatus.CLOSE)
              .build(),
          HealthCheckResponse.parser(),
          "08 01"); // status (1, varint) = CLOSE (1)
      HealthCheckResponse ok =
          assertWire(
              HealthCheckResponse.newBuilder()
                  .setStatus(HealthCheckResponse.ClientStatus.OK)
                  .build(),
              HealthCheckResponse.parser()); // OK (0) is the default: an empty message
      assertThat(ok.getStatus()).isEqualTo(HealthCheckResponse.ClientStatus.OK);
    }
  }

  @Nested
  class SchemaRegistry {

    @Test
    void registerSchemaRequest() throws Exception {
      RegisterSchemaRequest decoded =
          assertWire(
              RegisterSchemaRequest.newBuilder()
                  .setSubject("s")
                  .setSchemaType("json_schema")
                  .setSchemaDefinition(ByteString.copyFromUtf8("{}"))
                  .setDescription("d")
                  .setCreatedBy("me")
                  .addTags("t1")
                  .build(),
              RegisterSchemaRequest.parser(),
              "0a 01 73", // subject (1, len 1) = "s"
              "12 0b 6a 73 6f 6e 5f 73 63 68 65 6d 61", // schema_type (2, len 11) = "json_schema"
              "1a 02 7b 7d", // schema_definition (3, len 2, bytes) = "{}"
              "22 01 64", // description (4, len 1) = "d"
              "2a 02 6d 65", // created_by (5, len 2) = "me"
              "32 02 74 31"); // tags (6, len 2) = "t1"
      assertThat(decoded.getSchemaDefinition().toStringUtf8()).isEqualTo("{}");
    }

    @Test
    void registerSchemaResponse() throws Exception {
      assertWire(
          RegisterSchemaResponse.newBuilder()
              .setSchemaId(7)
              .setVersion(2)
              .setIsNewVersion(true)
              .setFingerprint("sha256:ab")
              .build(),
          RegisterSchemaResponse.parser(),
          "08 07", // schema_id (1, varint) = 7
          "10 02", // version (2, varint) = 2
          "18 01", // is_new_version (3, varint) = true
          "22 09 73 68 61 32 35 36 3a 61 62"); // fingerprint (4, len 9) = "sha256:ab"
    }

    @Test
    void getSchemaRequestWithAndWithoutOptionalVersion() throws Exception {
      GetSchemaRequest withZero =
          assertWire(
              GetSchemaRequest.newBuilder().setSchemaId(7).setVersion(0).build(),
              GetSchemaRequest.parser(),
              "08 07", // schema_id (1, varint) = 7
              "10 00"); // version (2, varint) = 0, present (proto3 optional)
      assertThat(withZero.hasVersion()).isTrue();

      GetSchemaRequest without =
          assertWire(
              GetSchemaRequest.newBuilder().setSchemaId(7).build(),
              GetSchemaRequest.parser(),
              "08 07"); // schema_id (1, varint) = 7; version absent means "latest"
      assertThat(without.hasVersion()).isFalse();
    }

    @Test
    void getSchemaResponseWithEveryField() throws Exception {
      assertWire(
          GetSchemaResponse.newBuilder()
              .setSchemaId(7)
              .setVersion(2)
              .setSubject("s")
              .setSchemaType("json")
              .setSchemaDefinition(ByteString.copyFromUtf8("{}"))
              .setDescription("d")
              .setCreatedAt(EPOCH_MS)
              .setCreatedBy("me")
              .addTags("t1")
              .setFingerprint("f")
              .setCompatibilityMode("BACKWARD")
              .build(),
          GetSchemaResponse.parser(),
          "08 07", // schema_id (1, varint) = 7
          "10 02", // version (2, varint) = 2
          "1a 01 73", // subject (3, len 1) = "s"
          "22 04 6a 73 6f 6e", // schema_type (4, len 4) = "json"
          "2a 02 7b 7d", // schema_definition (5, len 2, bytes) = "{}"
          "32 01 64", // description (6, len 1) = "d"
          "38 80 d0 95 ff bc 31", // created_at (7, varint) = 1_700_000_000_000
          "42 02 6d 65", // created_by (8, len 2) = "me"
          "4a 02 74 31", // tags (9, len 2) = "t1"
          "52 01 66", // fingerprint (10, len 1) = "f"
          "5a 08 42 41 43 4b 57 41 52 44"); // compatibility_mode (11, len 8) = "BACKWARD"
    }

    @Test
    void getLatestSchemaRequest() throws Exception {
      assertWire(
          GetLatestSchemaRequest.newBuilder().setSubject("s").build(),
          GetLatestSchemaRequest.parser(),
          "0a 01 73"); // subject (1, len 1) = "s"
    }

    @Test
    void configureTopicSchemaRequestAndResponse() throws Exception {
      assertWire(
          ConfigureTopicSchemaRequest.newBuilder()
              .setTopicName("/d/t")
              .setSchemaSubject("s")
              .setValidationPolicy("enforce")
              .setEnablePayloadValidation(true)
              .build(),
          ConfigureTopicSchemaRequest.parser(),
          "0a 04 2f 64 2f 74", // topic_name (1, len 4) = "/d/t"
          "12 01 73", // schema_subject (2, len 1) = "s"
          "1a 07 65 6e 66 6f 72 63 65", // validation_policy (3, len 7) = "enforce"
          "20 01"); // enable_payload_validation (4, varint) = true
      assertWire(
          ConfigureTopicSchemaResponse.newBuilder().setSuccess(true).setMessage("ok").build(),
          ConfigureTopicSchemaResponse.parser(),
          "08 01", // success (1, varint) = true
          "12 02 6f 6b"); // message (2, len 2) = "ok"
    }

    @Test
    void updateTopicValidationPolicyRequest() throws Exception {
      assertWire(
          UpdateTopicValidationPolicyRequest.newBuilder()
              .setTopicName("/d/t")
              .setValidationPolicy("warn")
              .setEnablePayloadValidation(true)
              .build(),
          UpdateTopicValidationPolicyRequest.parser(),
          "0a 04 2f 64 2f 74", // topic_name (1, len 4) = "/d/t"
          "12 04 77 61 72 6e", // validation_policy (2, len 4) = "warn"
          "18 01"); // enable_payload_validation (3, varint) = true
    }

    @Test
    void getTopicSchemaConfigRequestAndResponse() throws Exception {
      assertWire(
          GetTopicSchemaConfigRequest.newBuilder().setTopicName("/d/t").build(),
          GetTopicSchemaConfigRequest.parser(),
          "0a 04 2f 64 2f 74"); // topic_name (1, len 4) = "/d/t"
      assertWire(
          GetTopicSchemaConfigResponse.newBuilder()
              .setSchemaSubject("s")
              .setValidationPolicy("none")
              .setEnablePayloadValidation(true)
              .setSchemaId(U64_MAX)
              .build(),
          GetTopicSchemaConfigResponse.parser(),
          "0a 01 73", // schema_subject (1, len 1) = "s"
          "12 04 6e 6f 6e 65", // validation_policy (2, len 4) = "none"
          "18 01", // enable_payload_validation (3, varint) = true
          "20 ff ff ff ff ff ff ff ff ff 01"); // schema_id (4, varint) = 2^64 - 1
    }
  }

  @Nested
  class Admin {

    @Test
    void namespaceRequest() throws Exception {
      assertWire(
          NamespaceRequest.newBuilder().setName("iot").build(),
          NamespaceRequest.parser(),
          "0a 03 69 6f 74"); // name (1, len 3) = "iot"
    }

    @Test
    void namespaceResponseSuccessIsField1AndFalseIsNotOnTheWire() throws Exception {
      assertWire(
          NamespaceResponse.newBuilder().setSuccess(true).build(),
          NamespaceResponse.parser(),
          "08 01"); // success (1, varint) = true
      assertWire(
          NamespaceResponse.newBuilder().setSuccess(false).build(), NamespaceResponse.parser());
    }

    @Test
    void emptyHasNoBytes() throws Exception {
      assertWire(Empty.getDefaultInstance(), Empty.parser());
    }

    @Test
    void namespaceListResponseIsARepeatedString() throws Exception {
      assertWire(
          NamespaceListResponse.newBuilder().addNamespaces("default").addNamespaces("iot").build(),
          NamespaceListResponse.parser(),
          "0a 07 64 65 66 61 75 6c 74", // namespaces (1, len 7) = "default"
          "0a 03 69 6f 74"); // namespaces (1, len 3) = "iot"
    }

    @Test
    void topicListAndPolicyResponses() throws Exception {
      assertWire(
          TopicListResponse.newBuilder().addTopics("iot/t").build(),
          TopicListResponse.parser(),
          "0a 05 69 6f 74 2f 74"); // topics (1, len 5) = "iot/t"
      assertWire(
          PolicyResponse.newBuilder().setPolicies("{}").build(),
          PolicyResponse.parser(),
          "0a 02 7b 7d"); // policies (1, len 2) = "{}"
    }
  }

  @Nested
  class ServiceMethods {

    @Test
    void fullyQualifiedMethodNamesOfTheGeneratedStubs() {
      assertThat(
              List.of(
                  ProducerServiceGrpc.getCreateProducerMethod().getFullMethodName(),
                  ProducerServiceGrpc.getSendMessageMethod().getFullMethodName(),
                  ConsumerServiceGrpc.getSubscribeMethod().getFullMethodName(),
                  ConsumerServiceGrpc.getReceiveMessagesMethod().getFullMethodName(),
                  ConsumerServiceGrpc.getAckMethod().getFullMethodName(),
                  ConsumerServiceGrpc.getNackMethod().getFullMethodName(),
                  DiscoveryGrpc.getTopicLookupMethod().getFullMethodName(),
                  DiscoveryGrpc.getTopicPartitionsMethod().getFullMethodName(),
                  HealthCheckGrpc.getHealthCheckMethod().getFullMethodName(),
                  SchemaRegistryGrpc.getRegisterSchemaMethod().getFullMethodName(),
                  SchemaRegistryGrpc.getGetSchemaMethod().getFullMethodName(),
                  SchemaRegistryGrpc.getGetLatestSchemaMethod().getFullMethodName(),
                  SchemaRegistryGrpc.getConfigureTopicSchemaMethod().getFullMethodName(),
                  SchemaRegistryGrpc.getUpdateTopicValidationPolicyMethod().getFullMethodName(),
                  SchemaRegistryGrpc.getGetTopicSchemaConfigMethod().getFullMethodName(),
                  BrokerAdminGrpc.getListNamespacesMethod().getFullMethodName(),
                  NamespaceAdminGrpc.getGetNamespaceTopicsMethod().getFullMethodName(),
                  NamespaceAdminGrpc.getGetNamespacePoliciesMethod().getFullMethodName(),
                  NamespaceAdminGrpc.getCreateNamespaceMethod().getFullMethodName(),
                  NamespaceAdminGrpc.getDeleteNamespaceMethod().getFullMethodName()))
          .containsExactly(
              "danube.ProducerService/CreateProducer",
              "danube.ProducerService/SendMessage",
              "danube.ConsumerService/Subscribe",
              "danube.ConsumerService/ReceiveMessages",
              "danube.ConsumerService/Ack",
              "danube.ConsumerService/Nack",
              "danube.Discovery/TopicLookup",
              "danube.Discovery/TopicPartitions",
              "danube.HealthCheck/HealthCheck",
              "danube_schema.SchemaRegistry/RegisterSchema",
              "danube_schema.SchemaRegistry/GetSchema",
              "danube_schema.SchemaRegistry/GetLatestSchema",
              "danube_schema.SchemaRegistry/ConfigureTopicSchema",
              "danube_schema.SchemaRegistry/UpdateTopicValidationPolicy",
              "danube_schema.SchemaRegistry/GetTopicSchemaConfig",
              "danube_admin.BrokerAdmin/ListNamespaces",
              "danube_admin.NamespaceAdmin/GetNamespaceTopics",
              "danube_admin.NamespaceAdmin/GetNamespacePolicies",
              "danube_admin.NamespaceAdmin/CreateNamespace",
              "danube_admin.NamespaceAdmin/DeleteNamespace");
    }

    @Test
    void onlyReceiveMessagesIsServerStreaming() {
      assertThat(ConsumerServiceGrpc.getReceiveMessagesMethod().getType().name())
          .isEqualTo("SERVER_STREAMING");
      assertThat(
              List.of(
                  ProducerServiceGrpc.getCreateProducerMethod().getType().name(),
                  ProducerServiceGrpc.getSendMessageMethod().getType().name(),
                  ConsumerServiceGrpc.getSubscribeMethod().getType().name(),
                  ConsumerServiceGrpc.getAckMethod().getType().name(),
                  ConsumerServiceGrpc.getNackMethod().getType().name(),
                  DiscoveryGrpc.getTopicLookupMethod().getType().name(),
                  DiscoveryGrpc.getTopicPartitionsMethod().getType().name(),
                  HealthCheckGrpc.getHealthCheckMethod().getType().name(),
                  SchemaRegistryGrpc.getRegisterSchemaMethod().getType().name(),
                  SchemaRegistryGrpc.getGetSchemaMethod().getType().name(),
                  SchemaRegistryGrpc.getGetLatestSchemaMethod().getType().name(),
                  BrokerAdminGrpc.getListNamespacesMethod().getType().name(),
                  NamespaceAdminGrpc.getCreateNamespaceMethod().getType().name(),
                  NamespaceAdminGrpc.getDeleteNamespaceMethod().getType().name()))
          .containsOnly("UNARY");
    }

    @Test
    void methodRequestAndResponseTypesMatchDanube() {
      ServiceDescriptor producer =
          DanubeApiProto.getDescriptor().findServiceByName("ProducerService");
      ServiceDescriptor consumer =
          DanubeApiProto.getDescriptor().findServiceByName("ConsumerService");
      ServiceDescriptor discovery = DanubeApiProto.getDescriptor().findServiceByName("Discovery");
      ServiceDescriptor health = DanubeApiProto.getDescriptor().findServiceByName("HealthCheck");
      ServiceDescriptor registry =
          SchemaRegistryProto.getDescriptor().findServiceByName("SchemaRegistry");

      assertThat(signature(producer, "CreateProducer"))
          .isEqualTo("danube.ProducerRequest -> danube.ProducerResponse");
      assertThat(signature(producer, "SendMessage"))
          .isEqualTo("danube.StreamMessage -> danube.MessageResponse");
      assertThat(signature(consumer, "Subscribe"))
          .isEqualTo("danube.ConsumerRequest -> danube.ConsumerResponse");
      assertThat(signature(consumer, "ReceiveMessages"))
          .isEqualTo("danube.ReceiveRequest -> danube.StreamMessage");
      assertThat(signature(consumer, "Ack")).isEqualTo("danube.AckRequest -> danube.AckResponse");
      assertThat(signature(consumer, "Nack"))
          .isEqualTo("danube.NackRequest -> danube.NackResponse");
      assertThat(signature(discovery, "TopicLookup"))
          .isEqualTo("danube.TopicLookupRequest -> danube.TopicLookupResponse");
      assertThat(signature(discovery, "TopicPartitions"))
          .isEqualTo("danube.TopicLookupRequest -> danube.TopicPartitionsResponse");
      assertThat(signature(health, "HealthCheck"))
          .isEqualTo("danube.HealthCheckRequest -> danube.HealthCheckResponse");
      assertThat(signature(registry, "RegisterSchema"))
          .isEqualTo("danube_schema.RegisterSchemaRequest -> danube_schema.RegisterSchemaResponse");
      assertThat(signature(registry, "GetSchema"))
          .isEqualTo("danube_schema.GetSchemaRequest -> danube_schema.GetSchemaResponse");
      assertThat(signature(registry, "GetLatestSchema"))
          .isEqualTo("danube_schema.GetLatestSchemaRequest -> danube_schema.GetSchemaResponse");
      assertThat(signature(registry, "ConfigureTopicSchema"))
          .isEqualTo(
              "danube_schema.ConfigureTopicSchemaRequest"
                  + " -> danube_schema.ConfigureTopicSchemaResponse");
      assertThat(signature(registry, "UpdateTopicValidationPolicy"))
          .isEqualTo(
              "danube_schema.UpdateTopicValidationPolicyRequest"
                  + " -> danube_schema.UpdateTopicValidationPolicyResponse");
      assertThat(signature(registry, "GetTopicSchemaConfig"))
          .isEqualTo(
              "danube_schema.GetTopicSchemaConfigRequest"
                  + " -> danube_schema.GetTopicSchemaConfigResponse");

      ServiceDescriptor brokerAdmin =
          DanubeAdminProto.getDescriptor().findServiceByName("BrokerAdmin");
      ServiceDescriptor namespaceAdmin =
          DanubeAdminProto.getDescriptor().findServiceByName("NamespaceAdmin");
      assertThat(signature(brokerAdmin, "ListNamespaces"))
          .isEqualTo("danube_admin.Empty -> danube_admin.NamespaceListResponse");
      assertThat(signature(namespaceAdmin, "GetNamespaceTopics"))
          .isEqualTo("danube_admin.NamespaceRequest -> danube_admin.TopicListResponse");
      assertThat(signature(namespaceAdmin, "GetNamespacePolicies"))
          .isEqualTo("danube_admin.NamespaceRequest -> danube_admin.PolicyResponse");
      assertThat(signature(namespaceAdmin, "CreateNamespace"))
          .isEqualTo("danube_admin.NamespaceRequest -> danube_admin.NamespaceResponse");
      assertThat(signature(namespaceAdmin, "DeleteNamespace"))
          .isEqualTo("danube_admin.NamespaceRequest -> danube_admin.NamespaceResponse");
    }

    private String signature(ServiceDescriptor service, String method) {
      MethodDescriptor m = service.findMethodByName(method);
      assertThat(m).as("%s/%s", service.getFullName(), method).isNotNull();
      return m.getInputType().getFullName() + " -> " + m.getOutputType().getFullName();
    }
  }

  /**
   * Asserts that {@code message} encodes to exactly the golden bytes and that the golden bytes
   * decode to an equal message; returns the decoded message for further checks.
   *
   * <p>Map entries have no defined order on the wire, so the comparison uses deterministic
   * serialization (entries sorted by key) and the plain encoding; tests insert keys in sorted
   * order, so both must match.
   */
  private static <T extends Message> T assertWire(T message, Parser<T> parser, String... golden)
      throws InvalidProtocolBufferException {
    byte[] expected = hex(golden);
    assertThat(HexFormat.ofDelimiter(" ").formatHex(deterministic(message)))
        .as("deterministic encoding of %s", message.getDescriptorForType().getFullName())
        .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(expected));
    assertThat(message.toByteArray()).isEqualTo(expected);
    T decoded = parser.parseFrom(expected);
    assertThat(decoded).isEqualTo(message);
    assertThat(decoded.getUnknownFields().asMap()).isEmpty();
    return decoded;
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

  private static byte[] hex(String... parts) {
    return HexFormat.of().parseHex(String.join("", parts).replaceAll("\\s+", ""));
  }
}
