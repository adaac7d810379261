/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the simulated devices published, so that the demo can tell, for a message stored in Danube,
 * when it was published to MQTT (for the latency) and whether it came from the simulator at all
 * (anything else came from an external client). A message is identified by its MQTT topic and
 * payload: every simulated payload carries a sequence number, so both together are unique.
 *
 * <p>Bounded: past {@link #CAPACITY} open entries (the connector is not keeping up) new ones are
 * not recorded, and those messages show up as external with no latency. Thread-safe.
 */
final class PublishLedger {
  static final int CAPACITY = 20_000;

  /** Marks a message that is ours but has no meaningful publish time (a retained message). */
  private static final long NO_TIME = Long.MIN_VALUE;

  private final Map<String, Long> open = new ConcurrentHashMap<>();

  /** A message about to be published now ({@link System#nanoTime()}). */
  void published(String topic, byte[] payload, long nanos) {
    if (open.size() < CAPACITY) {
      open.put(key(topic, payload), nanos);
    }
  }

  /** A message of ours whose delivery time says nothing about latency (e.g. retained). */
  void publishedWithoutTime(String topic, byte[] payload) {
    published(topic, payload, NO_TIME);
  }

  /**
   * Where a stored message came from.
   *
   * @param simulated whether the simulated devices published it
   * @param publishedAtNanos its publish time, when it has a meaningful one
   */
  record Origin(boolean simulated, OptionalLong publishedAtNanos) {
    static final Origin EXTERNAL = new Origin(false, OptionalLong.empty());
  }

  /** Takes (removes) the entry of a stored message. */
  Origin take(String topic, byte[] payload) {
    Long nanos = open.remove(key(topic, payload));
    if (nanos == null) {
      return Origin.EXTERNAL;
    }
    return new Origin(true, nanos == NO_TIME ? OptionalLong.empty() : OptionalLong.of(nanos));
  }

  int size() {
    return open.size();
  }

  private static String key(String topic, byte[] payload) {
    // ISO-8859-1 maps every byte to one char, so distinct payloads give distinct keys.
    return topic + '\u0000' + new String(payload, StandardCharsets.ISO_8859_1);
  }
}
