/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  @RepeatedTest(20)
  void growsExponentiallyWithJitterUpToTheMax() {
    assertThat(backoff.delayMillis(0)).isBetween(50L, 100L);
    assertThat(backoff.delayMillis(3)).isBetween(400L, 800L);
    assertThat(backoff.delayMillis(30)).isBetween(1000L, 2000L);
  }

  @Test
  void aMaxBelowTheInitialDelayIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
