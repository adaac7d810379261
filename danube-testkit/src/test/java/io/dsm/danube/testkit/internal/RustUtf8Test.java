/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The error texts of Rust's {@code str::from_utf8}, which Danube's string validator reports. */
class RustUtf8Test {

  private static String error(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return RustUtf8.describeError(b).orElse("valid");
  }

  @Test
  void validTextHasNoError() {
    assertThat(RustUtf8.describeError("grüß 🚀".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void invalidSequencesReportTheirValidPrefixLength() {
    assertThat(error(0xff)).isEqualTo("invalid utf-8 sequence of 1 bytes from index 0");
    assertThat(error('a', 0xc0, 0xaf)).isEqualTo("invalid utf-8 sequence of 1 bytes from index 1");
    assertThat(error(0xe2, 0x82, 'A')).isEqualTo("invalid utf-8 sequence of 2 bytes from index 0");
    assertThat(error(0xed, 0xa0, 0x80))
        .as("an encoded surrogate is invalid at its second byte")
        .isEqualTo("invalid utf-8 sequence of 1 bytes from index 0");
    assertThat(error(0xf0, 0x9f, 0x98, 'x'))
        .isEqualTo("invalid utf-8 sequence of 3 bytes from index 0");
  }

  @Test
  void inputEndingInsideASequenceIsIncomplete() {
    assertThat(error('a', 0xe2, 0x82)).isEqualTo("incomplete utf-8 byte sequence from index 1");
    assertThat(error(0xf0)).isEqualTo("incomplete utf-8 byte sequence from index 0");
  }
}
