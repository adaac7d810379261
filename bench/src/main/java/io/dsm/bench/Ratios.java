/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.util.List;

/** Small arithmetic used by the reports: ratios and the RSS trend of a soak run. */
public final class Ratios {
  private Ratios() {}

  /** {@code value / reference}, or NaN when the reference is zero or either side is missing. */
  public static double ratio(double value, double reference) {
    if (Double.isNaN(value) || Double.isNaN(reference) || reference == 0) {
      return Double.NaN;
    }
    return value / reference;
  }

  /** Throughput in MB/s (10^6 bytes) of {@code msgsPerSecond} messages of {@code payloadBytes}. */
  public static double megabytesPerSecond(double msgsPerSecond, int payloadBytes) {
    return msgsPerSecond * payloadBytes / 1_000_000.0;
  }

  /** One sample of a time series: seconds since the start of the measured window, and a value. */
  public record Sample(double seconds, double value) {}

  /**
   * Least-squares slope of the samples, per minute (the samples' x is in seconds). NaN for fewer
   * than two samples or when all samples share one x.
   */
  public static double slopePerMinute(List<Sample> samples) {
    int n = samples.size();
    if (n < 2) {
      return Double.NaN;
    }
    double sx = 0;
    double sy = 0;
    for (Sample s : samples) {
      sx += s.seconds();
      sy += s.value();
    }
    double mx = sx / n;
    double my = sy / n;
    double num = 0;
    double den = 0;
    for (Sample s : samples) {
      double dx = s.seconds() - mx;
      num += dx * (s.value() - my);
      den += dx * dx;
    }
    return den == 0 ? Double.NaN : num / den * 60.0;
  }
}
