/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadCodecTest {

  @Test
  void roundTripsTheHeader() {
    byte[] payload = PayloadCodec.encode(123_456L, 987_654_321L, 42, 1024);

    assertThat(payload).hasSize(1024);
    assertThat(PayloadCodec.decodeVerified(payload, 1024))
        .isEqualTo(new PayloadCodec.Header(123_456L, 987_654_321L, 42));
  }

  @Test
  void detectsAFlippedFillerByte() {
    byte[] payload = PayloadCodec.encode(7, 1, 0, 64);
    payload[50] ^= 1;

    assertThat(PayloadCodec.decodeVerified(payload, 64)).isNull();
  }

  @Test
  void detectsATruncatedPayload() {
    byte[] payload = PayloadCodec.encode(7, 1, 0, 64);
    byte[] cut = java.util.Arrays.copyOf(payload, 63);

    assertThat(PayloadCodec.decodeVerified(cut, 64)).isNull();
  }

  @Test
  void aChangedSequenceNumberNoLongerMatchesItsFiller() {
    byte[] payload = PayloadCodec.encode(7, 1, 0, 64);
    payload[7] = 8; // seq 7 -> 8, filler still derived from 7

    assertThat(PayloadCodec.decodeVerified(payload, 64)).isNull();
  }

  @Test
  void headerOnlyPayloadsWork() {
    byte[] payload = PayloadCodec.encode(1, 2, 3, PayloadCodec.HEADER_BYTES);

    assertThat(PayloadCodec.decodeVerified(payload, PayloadCodec.HEADER_BYTES))
        .isEqualTo(new PayloadCodec.Header(1, 2, 3));
  }

  @Test
  void rejectsSizesBelowTheHeader() {
    assertThatThrownBy(() -> PayloadCodec.encode(1, 2, 3, PayloadCodec.HEADER_BYTES - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload size must be at least 20 bytes, but was 19");
  }
}
