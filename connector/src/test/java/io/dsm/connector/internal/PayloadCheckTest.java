/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.SchemaType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadCheckTest {
  private static final String SCHEMA =
      "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
          + "\"properties\":{\"temp\":{\"type\":\"number\"}},\"required\":[\"temp\"]}";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "21.5|true",
        "-3e2|true",
        "' 7 '|true",
        "0|true",
        "abc|false",
        "'1 2'|false",
        "'\"5\"'|false",
        "'[1]'|false",
        "''|false"
      })
  void numberIsOneJsonNumber(String payload, boolean ok) {
    PayloadCheck check = PayloadCheck.of(SchemaType.NUMBER, "");
    assertThat(check.problem(utf8(payload)).isEmpty()).as(payload).isEqualTo(ok);
  }

  @Test
  void stringIsValidUtf8() {
    PayloadCheck check = PayloadCheck.of(SchemaType.STRING, "");
    assertThat(check.problem(utf8("grüße ✓"))).isEmpty();
    assertThat(check.problem(new byte[0])).isEmpty();
    assertThat(check.problem(new byte[] {(byte) 0xc3, 0x28})).contains("not valid UTF-8");
    assertThat(check.problem(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})) // surrogate
        .isPresent();
  }

  @Test
  void bytesAcceptAnything() {
    PayloadCheck check = PayloadCheck.of(SchemaType.BYTES, "");
    assertThat(check.problem(new byte[] {0, (byte) 0xff})).isEmpty();
  }

  @Test
  void jsonSchemaValidatesTheDocumentInOneLine() {
    PayloadCheck check = PayloadCheck.of(SchemaType.JSON_SCHEMA, SCHEMA);
    assertThat(check.problem(utf8("{\"temp\": 1.5, \"x\": true}"))).isEmpty();
    assertThat(check.problem(utf8("{\"temp\": \"hot\"}")).orElseThrow())
        .startsWith("does not match the JSON Schema")
        .contains("temp");
    assertThat(check.problem(utf8("{}")).orElseThrow()).contains("temp");
    assertThat(check.problem(utf8("{\"temp\":\n")).orElseThrow())
        .startsWith("not valid JSON")
        .doesNotContain("\n");
    assertThat(check.problem(new byte[0])).isPresent();
  }
}
