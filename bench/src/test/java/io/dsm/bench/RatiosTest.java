/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatiosTest {

  @Test
  void ratioOfTwoThroughputs() {
    assertThat(Ratios.ratio(8_000, 10_000)).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void ratioIsUndefinedWithoutAReference() {
    assertThat(Ratios.ratio(1, 0)).isNaN();
    assertThat(Ratios.ratio(Double.NaN, 5)).isNaN();
    assertThat(Ratios.ratio(5, Double.NaN)).isNaN();
  }

  @Test
  void megabytesPerSecond() {
    assertThat(Ratios.megabytesPerSecond(10_000, 1024)).isCloseTo(10.24, within(1e-9));
  }

  @Test
  void slopeOfALinearRssGrowthPerMinute() {
    // 100 MiB growing 0.5 MiB every 10 s = 3 MiB/min.
    List<Ratios.Sample> samples =
        List.of(
            new Ratios.Sample(0, 100.0),
            new Ratios.Sample(10, 100.5),
            new Ratios.Sample(20, 101.0),
            new Ratios.Sample(30, 101.5));

    assertThat(Ratios.slopePerMinute(samples)).isCloseTo(3.0, within(1e-9));
  }

  @Test
  void flatRssHasNoSlopeAndOneSampleHasNone() {
    assertThat(Ratios.slopePerMinute(List.of(new Ratios.Sample(0, 50), new Ratios.Sample(60, 50))))
        .isCloseTo(0.0, within(1e-12));
    assertThat(Ratios.slopePerMinute(List.of(new Ratios.Sample(0, 50)))).isNaN();
  }
}
