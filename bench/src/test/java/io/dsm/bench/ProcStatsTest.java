/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcStatsTest {
  // A real /proc/<pid>/stat line, shortened after field 20 (utime=1523, stime=411).
  private static final String STAT =
      "4242 (java) S 1 4242 4242 0 -1 4194560 61234 0 12 0 1523 411 0 0 20 0 38 0 123456";

  @Test
  void readsUtimePlusStime() {
    assertThat(ProcStats.parseCpuTicks(STAT)).isEqualTo(1523 + 411);
  }

  @Test
  void countsFieldsFromTheLastParenthesisSoThatOddCommandNamesDoNotShiftThem() {
    String odd = STAT.replace("(java)", "(my (odd) prog)");

    assertThat(ProcStats.parseCpuTicks(odd)).isEqualTo(1934);
  }

  @Test
  void rejectsTextThatIsNotAStatLine() {
    assertThatThrownBy(() -> ProcStats.parseCpuTicks("hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no ')'");
    assertThatThrownBy(() -> ProcStats.parseCpuTicks("1 (x) S 1 2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fields");
  }

  @Test
  void readsVmRssInBytes() {
    String status = "Name:\tjava\nVmPeak:\t  900000 kB\nVmRSS:\t  187652 kB\nThreads:\t31\n";

    assertThat(ProcStats.parseRssBytes(status)).isEqualTo(OptionalLong.of(187_652L * 1024));
  }

  @Test
  void noVmRssForKernelThreads() {
    assertThat(ProcStats.parseRssBytes("Name:\tkthreadd\nState:\tS\n")).isEmpty();
  }

  @Test
  void convertsTicksToMicroseconds() {
    assertThat(ProcStats.ticksToMicros(250, 100)).isEqualTo(2_500_000);
  }

  @Test
  void cpuUsageIsPercentOfOneCoreAndMicrosPerMessage() {
    // 1.5 s of CPU over 2 s of wall time for 30,000 messages.
    ProcStats.CpuUsage usage = ProcStats.CpuUsage.of(1_500_000, 2_000_000_000L, 30_000);

    assertThat(usage.percentOfOneCore()).isCloseTo(75.0, within(1e-9));
    assertThat(usage.microsPerMessage()).isCloseTo(50.0, within(1e-9));
  }

  @Test
  void cpuPerMessageIsUndefinedWithoutMessages() {
    assertThat(ProcStats.CpuUsage.of(1_000, 1_000_000_000L, 0).microsPerMessage()).isNaN();
  }

  @Test
  void readsThisProcess() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(ProcStats.available(), "no /proc here");
    ProcStats self = new ProcStats(ProcessHandle.current().pid(), ProcStats.clockTicksPerSecond());

    assertThat(self.cpuMicros()).isPositive();
    assertThat(self.rssBytes()).isPresent();
    assertThat(self.rssBytes().getAsLong()).isGreaterThan(1 << 20);
  }
}
