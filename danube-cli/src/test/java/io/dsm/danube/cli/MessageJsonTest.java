/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.danube.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageJsonTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private final MessageJson json = new MessageJson(mapper);

  @Test
  void wellFormedUtf8IncludingSupplementaryCharactersIsDecoded() {
    String text = "grüß 🚀 ok";
    assertThat(MessageJson.strictUtf8(text.getBytes(StandardCharsets.UTF_8))).contains(text);
    assertThat(MessageJson.strictUtf8(new byte[0])).contains("");
  }

  @Test
  void malformedUtf8IsRejectedInsteadOfReplaced() {
    assertThat(MessageJson.strictUtf8(new byte[] {(byte) 0xff})).isEmpty();
    // overlong encoding of '/'
    assertThat(MessageJson.strictUtf8(new byte[] {(byte) 0xc0, (byte) 0xaf})).isEmpty();
    // an encoded UTF-16 surrogate (CESU-8), not valid UTF-8
    assertThat(MessageJson.strictUtf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}))
        .isEmpty();
    // truncated multi-byte sequence at the end
    assertThat(MessageJson.strictUtf8(new byte[] {'a', (byte) 0xe2, (byte) 0x82})).isEmpty();
  }

  @Test
  void textMessageLineCarriesEveryField() throws Exception {
    ReceivedMessage message =
        new ReceivedMessage(
            "/default/t-part-1",
            42,
            -1L,
            7,
            "hi".getBytes(StandardCharsets.UTF_8),
            Map.of("z", "last", "a", "first"),
            "key-1",
            "p1",
            1_700_000_000_000L,
            "",
            "http://127.0.0.1:6650",
            null,
            null);

    String line = json.toLine(message);
    JsonNode node = mapper.readTree(line);

    assertThat(line).doesNotContain("\n");
    assertThat(node.get("topic").asText()).isEqualTo("/default/t-part-1");
    assertThat(node.get("offset").asLong()).isEqualTo(42);
    assertThat(node.get("payload_base64").asText()).isEqualTo("aGk=");
    assertThat(node.get("payload_utf8").asText()).isEqualTo("hi");
    assertThat(node.get("attributes").fieldNames()).toIterable().containsExactly("a", "z");
    assertThat(node.get("attributes").get("z").asText()).isEqualTo("last");
    assertThat(node.get("routing_key").asText()).isEqualTo("key-1");
    assertThat(node.get("producer_name").asText()).isEqualTo("p1");
    assertThat(node.get("publish_time").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(node.get("producer_id").asText()).isEqualTo("18446744073709551615");
    assertThat(node.get("request_id").asLong()).isEqualTo(7);
  }

  @Test
  void binaryMessageHasBase64ButNoUtf8AndUnsignedOffset() throws Exception {
    ReceivedMessage message =
        new ReceivedMessage(
            "/default/t",
            Long.MIN_VALUE,
            5,
            1,
            new byte[] {0x00, (byte) 0xff, (byte) 0x80},
            Map.of(),
            null,
            "p1",
            0,
            "",
            "",
            null,
            null);

    JsonNode node = mapper.readTree(json.toLine(message));

    assertThat(node.get("payload_base64").asText()).isEqualTo("AP+A");
    assertThat(node.has("payload_utf8")).isFalse();
    assertThat(node.get("routing_key").isNull()).isTrue();
    assertThat(node.get("attributes").isEmpty()).isTrue();
    assertThat(node.get("offset").bigIntegerValue()).hasToString("9223372036854775808");
  }

  @Test
  void schemaIdAndVersionArePrintedOnlyWhenTheMessageHasThem() throws Exception {
    ReceivedMessage withSchema =
        new ReceivedMessage(
            "/default/t",
            0,
            5,
            1,
            "{}".getBytes(StandardCharsets.UTF_8),
            Map.of(),
            null,
            "p1",
            1L,
            "",
            "",
            -1L,
            3);
    JsonNode node = mapper.readTree(json.toLine(withSchema));
    assertThat(node.get("schema_id").isIntegralNumber()).isTrue();
    assertThat(node.get("schema_id").bigIntegerValue())
        .isEqualTo(new java.math.BigInteger("18446744073709551615"));
    assertThat(node.get("schema_version").asInt()).isEqualTo(3);

    ReceivedMessage without =
        new ReceivedMessage(
            "/default/t", 0, 5, 1, new byte[0], Map.of(), null, "p1", 1L, "", "", null, null);
    JsonNode plain = mapper.readTree(json.toLine(without));
    assertThat(plain.has("schema_id")).isFalse();
    assertThat(plain.has("schema_version")).isFalse();
  }
}
