/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.nio.ByteBuffer;

/**
 * The benchmark payload: a header with the sequence number, the intended send time ({@link
 * System#nanoTime()} of the bench JVM) and the MQTT topic index, followed by filler bytes derived
 * from the sequence number. Every byte is therefore predictable from the header, so a receiver can
 * tell a corrupted message from an intact one without keeping copies of what was sent.
 *
 * <pre>
 *   0        8                16        20               size
 *   | seq    | intendedNanos  | topic   | filler(seq, i) |
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class PayloadCodec {
  /** Smallest payload that holds the header. */
  public static final int HEADER_BYTES = 20;

  private PayloadCodec() {}

  /** One decoded header. */
  public record Header(long seq, long intendedNanos, int topicIndex) {}

  /** Builds a payload of {@code size} bytes (at least {@link #HEADER_BYTES}). */
  public static byte[] encode(long seq, long intendedNanos, int topicIndex, int size) {
    if (size < HEADER_BYTES) {
      throw new IllegalArgumentException(
          "payload size must be at least " + HEADER_BYTES + " bytes, but was " + size);
    }
    byte[] out = new byte[size];
    ByteBuffer.wrap(out).putLong(seq).putLong(intendedNanos).putInt(topicIndex);
    for (int i = HEADER_BYTES; i < size; i++) {
      out[i] = filler(seq, i);
    }
    return out;
  }

  /**
   * Decodes and verifies a payload.
   *
   * @param expectedSize the size every payload of the run has
   * @return the header, or {@code null} when the payload is not one this codec produced intact
   *     (wrong size or a filler byte that differs)
   */
  public static Header decodeVerified(byte[] payload, int expectedSize) {
    if (payload.length != expectedSize || payload.length < HEADER_BYTES) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(payload);
    long seq = buf.getLong();
    long intended = buf.getLong();
    int topic = buf.getInt();
    if (seq < 0 || topic < 0) {
      return null;
    }
    for (int i = HEADER_BYTES; i < payload.length; i++) {
      if (payload[i] != filler(seq, i)) {
        return null;
      }
    }
    return new Header(seq, intended, topic);
  }

  private static byte filler(long seq, int index) {
    long mixed = (seq + 1) * 0x9E3779B97F4A7C15L;
    return (byte) ((mixed >>> ((index & 7) << 3)) ^ index);
  }
}
