/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.util.List;

/**
 * What one phase measured.
 *
 * @param phase the phase
 * @param sent messages the load generator sent (warm-up included)
 * @param received distinct messages that arrived intact
 * @param lost sent but never arrived
 * @param duplicates extra copies of messages that had already arrived
 * @param corrupted arrivals whose payload or topic differed from what was sent
 * @param sendErrors sends the transport reported as failed
 * @param unobserved messages the testkit evicted before the bench could check them (0 normally)
 * @param measuredSeconds length of the measured window
 * @param msgsPerSecond first arrivals inside the measured window per second
 * @param mbPerSecond payload megabytes (10^6) per second
 * @param latency latency from intended send to arrival, for messages scheduled in the window
 * @param timeline one entry per second of the measured window
 * @param process the connector process's figures, or null for the peers
 * @param settledAfterSeconds with {@code --settle}: how long after the warm-up the window started
 *     (NaN without {@code --settle})
 * @param settled with {@code --settle}: whether the backlog had cleared by then (false: the window
 *     started when {@code --settle} ran out, with the backlog still there)
 */
public record PhaseResult(
    BenchConfig.Phase phase,
    long sent,
    long received,
    long lost,
    long duplicates,
    long corrupted,
    long sendErrors,
    long unobserved,
    double measuredSeconds,
    double msgsPerSecond,
    double mbPerSecond,
    LatencySummary latency,
    List<Second> timeline,
    ProcessFigures process,
    double settledAfterSeconds,
    boolean settled) {

  public PhaseResult {
    timeline = List.copyOf(timeline);
  }

  /** One second of the measured window. */
  public record Second(double t, long messages, double p99Ms, double rssMib) {}

  /**
   * The connector process over the measured window.
   *
   * @param cpuPercentOfOneCore utime + stime over wall time
   * @param cpuMicrosPerMessage CPU time per message that arrived in the window
   * @param rssMib VmRSS at the end of the window
   * @param rssMaxMib largest VmRSS sample in the window
   * @param rssSlopeMibPerMin least-squares trend of VmRSS over the window
   * @param gcPauses pauses logged during the window
   * @param gcPauseTotalMs their total
   * @param gcPauseMaxMs the longest
   * @param exitCode the connector's exit code after SIGTERM (0 = clean drain)
   */
  public record ProcessFigures(
      double cpuPercentOfOneCore,
      double cpuMicrosPerMessage,
      double rssMib,
      double rssMaxMib,
      double rssSlopeMibPerMin,
      int gcPauses,
      double gcPauseTotalMs,
      double gcPauseMaxMs,
      int exitCode) {}
}
