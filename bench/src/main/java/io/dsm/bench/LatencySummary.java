/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one phase, in milliseconds.
 *
 * @param count how many latencies were recorded
 */
public record LatencySummary(
    long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  /** Reads the percentiles of a histogram recorded in nanoseconds. */
  public static LatencySummary of(Histogram nanos) {
    if (nanos.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        nanos.getTotalCount(),
        ms(nanos.getValueAtPercentile(50)),
        ms(nanos.getValueAtPercentile(90)),
        ms(nanos.getValueAtPercentile(99)),
        ms(nanos.getValueAtPercentile(99.9)),
        ms(nanos.getMaxValue()));
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
