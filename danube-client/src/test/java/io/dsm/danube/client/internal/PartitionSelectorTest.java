/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionSelectorTest {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  /** FNV-1a written out with unbounded integers, independent of the long arithmetic under test. */
  private static BigInteger reference(String key) {
    BigInteger hash = new BigInteger("cbf29ce484222325", 16);
    BigInteger prime = new BigInteger("100000001b3", 16);
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash = hash.xor(BigInteger.valueOf(b & 0xff)).multiply(prime).mod(TWO_64);
    }
    return hash;
  }

  @Test
  void fnv1aMatchesPublishedVectors() {
    assertThat(PartitionSelector.fnv1a64(new byte[0])).isEqualTo(0xcbf29ce484222325L);
    assertThat(PartitionSelector.fnv1a64("a".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(PartitionSelector.fnv1a64("foobar".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0x85944171f73967e8L);
  }

  @Test
  void fnv1aOfOneByteComputedByHand() {
    // (basis XOR 0x61) * prime mod 2^64, by hand: basis ends in ...25, 0x25 ^ 0x61 = 0x44
    BigInteger xored = new BigInteger("cbf29ce484222344", 16);
    BigInteger expected = xored.multiply(new BigInteger("100000001b3", 16)).mod(TWO_64);
    assertThat(PartitionSelector.fnv1a64(new byte[] {0x61})).isEqualTo(expected.longValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensors/f1/temp", "ü-umlaut", "日本語", "key-0", "x", "İstanbul"})
  void fnv1aEqualsTheReferenceOverUtf8(String key) {
    assertThat(PartitionSelector.fnv1a64(key.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(reference(key).longValue());
  }

  @Test
  void keyPartitionIsTheUnsignedRemainder() {
    PartitionSelector selector = new PartitionSelector(7);
    int negativeSeen = 0;
    for (int i = 0; i < 200; i++) {
      String key = "k" + i;
      BigInteger h = reference(key);
      if (h.testBit(63)) {
        negativeSeen++; // a signed % would give a negative or wrong index for these
      }
      assertThat(selector.select(key)).as(key).isEqualTo(h.mod(BigInteger.valueOf(7)).intValue());
    }
    assertThat(negativeSeen).isPositive();
  }

  @Test
  void sameKeyAlwaysSamePartition() {
    PartitionSelector selector = new PartitionSelector(5);
    int first = selector.select("sensors/a");
    for (int i = 0; i < 20; i++) {
      selector.select(null); // round-robin traffic must not move keyed messages
      assertThat(selector.select("sensors/a")).isEqualTo(first);
    }
  }

  @Test
  void noKeyGoesRoundRobinFromZero() {
    PartitionSelector selector = new PartitionSelector(3);
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      picks.add(selector.select(null));
    }
    assertThat(picks).containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void singlePartitionAlwaysZero() {
    PartitionSelector selector = new PartitionSelector(1);
    assertThat(selector.select("anything")).isZero();
    assertThat(selector.select(null)).isZero();
  }

  @Test
  void rejectsZeroPartitions() {
    assertThatThrownBy(() -> new PartitionSelector(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions");
  }
}
