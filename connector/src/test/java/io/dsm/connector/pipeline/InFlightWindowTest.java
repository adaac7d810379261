/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightWindowTest {

  @Test
  void claimsEveryFreePermitOnceAndGetsThemBackOnRelease() {
    InFlightWindow w = new InFlightWindow(3);
    AtomicInteger freed = new AtomicInteger();
    w.onCreditsFreed(freed::incrementAndGet);
    assertThat(w.claimAvailable()).isEqualTo(3);
    assertThat(w.claimAvailable()).isZero();
    w.release();
    assertThat(freed).hasValue(1);
    assertThat(w.claimAvailable()).isEqualTo(1);
  }

  @Test
  void refusesToReleaseMoreThanItsCapacity() {
    InFlightWindow w = new InFlightWindow(1);
    assertThatThrownBy(w::release).isInstanceOf(IllegalStateException.class);
    assertThat(w.free()).isEqualTo(1);
  }

  @Test
  void rejectsAnEmptyWindowNamingTheSetting() {
    assertThatThrownBy(() -> new InFlightWindow(0)).hasMessageContaining("max_in_flight");
  }
}
