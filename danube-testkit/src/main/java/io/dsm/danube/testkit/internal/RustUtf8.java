/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import java.util.Optional;

/**
 * UTF-8 validation with the error text of Rust's {@code std::str::from_utf8}, which Danube's string
 * payload validator reports: {@code invalid utf-8 sequence of <n> bytes from index <i>} for an
 * invalid sequence (n = the length of its longest valid prefix, at least 1), {@code incomplete
 * utf-8 byte sequence from index <i>} when the input ends inside a sequence.
 */
final class RustUtf8 {
  private RustUtf8() {}

  /** Empty for valid UTF-8, else Rust's description of the first error. */
  static Optional<String> describeError(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      int b0 = bytes[i] & 0xff;
      if (b0 < 0x80) {
        i++;
        continue;
      }
      int width = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : 0;
      if (b0 >= 0xf0 && b0 <= 0xf4) {
        width = 4;
      }
      if (width == 0) {
        return invalid(1, i);
      }
      if (i + 1 >= n) {
        return incomplete(i);
      }
      int b1 = bytes[i + 1] & 0xff;
      if (!validSecond(b0, b1)) {
        return invalid(1, i);
      }
      for (int k = 2; k < width; k++) {
        if (i + k >= n) {
          return incomplete(i);
        }
        if (!continuation(bytes[i + k] & 0xff)) {
          return invalid(k, i);
        }
      }
      i += width;
    }
    return Optional.empty();
  }

  private static boolean continuation(int b) {
    return b >= 0x80 && b <= 0xbf;
  }

  /** The second byte's range depends on the first (no overlongs, surrogates or > U+10FFFF). */
  private static boolean validSecond(int b0, int b1) {
    if (b0 == 0xe0) {
      return b1 >= 0xa0 && b1 <= 0xbf;
    }
    if (b0 == 0xed) {
      return b1 >= 0x80 && b1 <= 0x9f;
    }
    if (b0 == 0xf0) {
      return b1 >= 0x90 && b1 <= 0xbf;
    }
    if (b0 == 0xf4) {
      return b1 >= 0x80 && b1 <= 0x8f;
    }
    return continuation(b1);
  }

  private static Optional<String> invalid(int length, int index) {
    return Optional.of("invalid utf-8 sequence of " + length + " bytes from index " + index);
  }

  private static Optional<String> incomplete(int index) {
    return Optional.of("incomplete utf-8 byte sequence from index " + index);
  }
}
