/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class ReconnectBackoffTest {
  private final ReconnectBackoff backoff =
      new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  @RepeatedTest(20)
  void growsExponentiallyWithJitterUpToTheMax() {
    assertThat(backoff.delayMillis(0)).isBetween(50L, 100L);
    assertThat(backoff.delayMillis(3)).isBetween(400L, 800L);
    assertThat(backoff.delayMillis(30)).isBetween(1000L, 2000L);
  }
}
