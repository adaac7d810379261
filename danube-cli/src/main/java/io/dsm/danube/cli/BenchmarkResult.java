/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The outcome of one producer benchmark run. Latencies are send-to-acknowledgement times in
 * microseconds, from {@code sendAsync} until its future completed.
 *
 * @param settings what was run
 * @param acknowledged measured messages the broker acknowledged
 * @param failed measured messages that failed (the run stops sending after the first failure)
 * @param elapsedSeconds wall time of the measured phase
 * @param p50Micros median latency
 * @param p90Micros 90th percentile
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros largest latency
 * @param meanMicros mean latency
 * @param firstFailure description of the first failure, or {@code null}
 */
record BenchmarkResult(
    BenchmarkSettings settings,
    long acknowledged,
    long failed,
    double elapsedSeconds,
    long p50Micros,
    long p90Micros,
    long p99Micros,
    long p999Micros,
    long maxMicros,
    double meanMicros,
    String firstFailure) {

  double messagesPerSecond() {
    return elapsedSeconds > 0 ? acknowledged / elapsedSeconds : 0;
  }

  /** Payload megabytes (10^6 bytes) per second; protocol overhead is not counted. */
  double megabytesPerSecond() {
    return messagesPerSecond() * settings.payloadSize() / 1_000_000.0;
  }

  /** One line whose field order and names stay stable, for scripts and for the docs. */
  String summaryLine() {
    return String.format(
        Locale.ROOT,
        "perf topic=%s size=%d in_flight=%d keys=%d reliable=%s partitions=%d count=%d:"
            + " %.1f msg/s, %.2f MB/s, latency_us p50=%d p90=%d p99=%d p99.9=%d max=%d"
            + " mean=%.1f, acked=%d failed=%d elapsed_s=%.3f",
        settings.topic(),
        settings.payloadSize(),
        settings.inFlight(),
        settings.keys(),
        settings.reliable(),
        settings.partitions(),
        settings.count(),
        messagesPerSecond(),
        megabytesPerSecond(),
        p50Micros,
        p90Micros,
        p99Micros,
        p999Micros,
        maxMicros,
        meanMicros,
        acknowledged,
        failed,
        elapsedSeconds);
  }

  ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    node.put("topic", settings.topic());
    node.put("payload_size", settings.payloadSize());
    node.put("in_flight", settings.inFlight());
    node.put("keys", settings.keys());
    node.put("reliable", settings.reliable());
    node.put("partitions", settings.partitions());
    node.put("count", settings.count());
    node.put("warmup", settings.warmup());
    node.put("acknowledged", acknowledged);
    node.put("failed", failed);
    node.put("elapsed_seconds", elapsedSeconds);
    node.put("messages_per_second", messagesPerSecond());
    node.put("megabytes_per_second", megabytesPerSecond());
    ObjectNode latency = node.putObject("latency_us");
    latency.put("p50", p50Micros);
    latency.put("p90", p90Micros);
    latency.put("p99", p99Micros);
    latency.put("p99_9", p999Micros);
    latency.put("max", maxMicros);
    latency.put("mean", meanMicros);
    if (firstFailure != null) {
      node.put("first_failure", firstFailure);
    }
    return node;
  }
}
