/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

/**
 * What one producer benchmark run does.
 *
 * @param topic the topic to publish to
 * @param payloadSize payload bytes per message
 * @param inFlight the most sends awaiting a broker answer at once (and the producer's per-partition
 *     in-flight limit)
 * @param count measured messages
 * @param warmup messages sent before measuring, not counted
 * @param keys 0 for no routing key, else messages cycle through this many distinct keys
 * @param reliable reliable dispatch
 * @param partitions 0 for a plain topic
 */
record BenchmarkSettings(
    String topic,
    int payloadSize,
    int inFlight,
    long count,
    long warmup,
    int keys,
    boolean reliable,
    int partitions) {

  BenchmarkSettings {
    if (payloadSize < 0) {
      throw new IllegalArgumentException("--size must be zero or more, but was " + payloadSize);
    }
    if (inFlight < 1) {
      throw new IllegalArgumentException("--in-flight must be at least 1, but was " + inFlight);
    }
    if (count < 1) {
      throw new IllegalArgumentException("--count must be at least 1, but was " + count);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be zero or more, but was " + warmup);
    }
    if (keys < 0) {
      throw new IllegalArgumentException("--keys must be zero or more, but was " + keys);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException(
          "--partitions must be zero or more, but was " + partitions);
    }
  }
}
