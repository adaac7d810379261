/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {

  @Test
  void readsPausesOfSerialAndG1LogsAndIgnoresConcurrentPhases() {
    List<String> lines =
        List.of(
            "[0.012s][info][gc] Using Serial",
            "[1.234s][info][gc] GC(0) Pause Young (Allocation Failure) 12M->3M(30M) 4.512ms",
            "[2.000s][info][gc] GC(1) Pause Full (Allocation Failure) 35M->18M(47M) 117.111ms",
            "[3.266s][info][gc] GC(75) Pause Remark 358M->98M(1024M) 15.785ms",
            "[3.587s][info][gc] GC(75) Concurrent Mark Cycle 552.509ms");

    assertThat(GcLog.pausesMillis(lines)).containsExactly(4.512, 117.111, 15.785);
  }

  @Test
  void summarisesCountTotalAndMax() {
    GcLog.PauseSummary s = GcLog.PauseSummary.of(List.of(1.5, 10.0, 2.5));

    assertThat(s.count()).isEqualTo(3);
    assertThat(s.totalMs()).isCloseTo(14.0, within(1e-9));
    assertThat(s.maxMs()).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void aMissingLogHasNoPauses() throws Exception {
    assertThat(GcLog.pausesMillis(java.nio.file.Path.of("/nonexistent/gc.log"))).isEmpty();
  }
}
