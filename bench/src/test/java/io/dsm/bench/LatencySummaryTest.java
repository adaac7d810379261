/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void percentilesInMillisecondsFromNanoseconds() {
    Histogram h = new Histogram(3_600_000_000_000L, 3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 1_000_000L); // 1..1000 ms
    }

    LatencySummary s = LatencySummary.of(h);

    assertThat(s.count()).isEqualTo(1000);
    assertThat(s.p50Ms()).isCloseTo(500, within(1.0));
    assertThat(s.p90Ms()).isCloseTo(900, within(1.0));
    assertThat(s.p99Ms()).isCloseTo(990, within(1.0));
    assertThat(s.p999Ms()).isCloseTo(999, within(1.0));
    assertThat(s.maxMs()).isCloseTo(1000, within(1.0));
  }

  @Test
  void anEmptyHistogramGivesZeros() {
    assertThat(LatencySummary.of(new Histogram(3))).isEqualTo(LatencySummary.EMPTY);
  }
}
