/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the partition of a message the way Danube's Rust client does: a routing key goes to {@code
 * fnv1a64(utf8(key)) mod n} (unsigned), a message without key to the next partition round-robin
 * (counter starting at 0). Thread-safe.
 */
final class PartitionSelector {
  static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  static final long FNV_PRIME = 0x100000001b3L;

  private final int partitions;
  private final AtomicInteger counter = new AtomicInteger();

  PartitionSelector(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, but was " + partitions);
    }
    this.partitions = partitions;
  }

  int select(String routingKey) {
    if (partitions == 1) {
      return 0;
    }
    if (routingKey == null) {
      return Math.floorMod(counter.getAndIncrement(), partitions);
    }
    return (int)
        Long.remainderUnsigned(fnv1a64(routingKey.getBytes(StandardCharsets.UTF_8)), partitions);
  }

  /** 64-bit FNV-1a: xor each byte in, then multiply by the FNV prime (wrapping). */
  static long fnv1a64(byte[] data) {
    long hash = FNV_OFFSET_BASIS;
    for (byte b : data) {
      hash ^= (b & 0xffL);
      hash *= FNV_PRIME;
    }
    return hash;
  }
}
