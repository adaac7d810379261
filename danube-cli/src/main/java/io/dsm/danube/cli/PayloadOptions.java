/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine.Option;

/** Where {@code produce} takes the payload from; at most one of the options may be given. */
final class PayloadOptions {

  @Option(names = "--message", paramLabel = "TEXT", description = "Payload text, sent as UTF-8")
  String message;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      description = "Generated printable-ASCII payload of this many bytes")
  Integer size;

  @Option(
      names = "--base64",
      paramLabel = "B64",
      description = "Payload bytes given as base64 (for binary payloads)")
  String base64;

  @Option(names = "--file", paramLabel = "PATH", description = "Payload bytes read from a file")
  Path file;

  /**
   * @throws IllegalArgumentException when the size is negative or the base64 is malformed
   */
  byte[] payload() {
    if (message != null) {
      return message.getBytes(StandardCharsets.UTF_8);
    }
    if (size != null) {
      return generated(size);
    }
    if (base64 != null) {
      try {
        return Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--base64 is not valid base64: " + e.getMessage(), e);
      }
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A payload of {@code size} bytes cycling through printable ASCII, readable in consume. */
  static byte[] generated(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("--size must be zero or more, but was " + size);
    }
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) ('a' + i % 26);
    }
    return payload;
  }
}
