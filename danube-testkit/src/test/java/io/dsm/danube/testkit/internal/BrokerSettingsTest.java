/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {
  private static BrokerSettings withBackoff(Duration base, Duration cap) {
    return new BrokerSettings(
        false, true, 0, 10, Duration.ofSeconds(30), base, cap, 5, 4, Integer.MAX_VALUE);
  }

  @Test
  void backoffDoublesPerAttemptUpToTheCap() {
    BrokerSettings s = withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    assertThat(s.backoffNanos(1)).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(s.backoffNanos(2)).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(s.backoffNanos(6)).isEqualTo(Duration.ofSeconds(32).toNanos());
    assertThat(s.backoffNanos(7)).isEqualTo(Duration.ofSeconds(60).toNanos());
    assertThat(s.backoffNanos(500)).isEqualTo(Duration.ofSeconds(60).toNanos());
  }

  @Test
  void timerTicksFineEnoughForShortTestTimings() {
    assertThat(withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)).tickNanos())
        .isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(withBackoff(Duration.ofMillis(50), Duration.ofMillis(60)).tickNanos())
        .isEqualTo(Duration.ofMillis(10).toNanos());
  }
}
