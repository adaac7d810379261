/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.bench.BenchConfig.Phase;
import java.util.List;
import java.util.Optional;

/** Everything one run produced; the writers render it as a line, JSON, Markdown and a chart. */
public record BenchReport(
    BenchConfig config, MachineInfo machine, String mqttBroker, List<PhaseResult> phases) {

  public BenchReport {
    phases = List.copyOf(phases);
  }

  public Optional<PhaseResult> phase(Phase phase) {
    return phases.stream().filter(p -> p.phase() == phase).findFirst();
  }

  /** Messages per second of a phase, or NaN when it was not run. */
  public double throughput(Phase phase) {
    return phase(phase).map(PhaseResult::msgsPerSecond).orElse(Double.NaN);
  }

  public double p99(Phase phase) {
    return phase(phase).map(p -> p.latency().p99Ms()).orElse(Double.NaN);
  }

  /** The connector's throughput over raw MQTT's (the target is at least 0.8). */
  public double ratioVsRawMqtt() {
    return Ratios.ratio(throughput(Phase.CONNECTOR), throughput(Phase.RAW_MQTT));
  }

  public double ratioVsRawDanube() {
    return Ratios.ratio(throughput(Phase.CONNECTOR), throughput(Phase.RAW_DANUBE));
  }

  /** The connector's p99 over raw MQTT's (the target is at most 2). */
  /** A hot-topic phase's throughput against the connector phase's (spread over --topics). */
  public double hotRatio(Phase hot) {
    return Ratios.ratio(throughput(hot), throughput(Phase.CONNECTOR));
  }

  public double p99RatioVsRawMqtt() {
    return Ratios.ratio(p99(Phase.CONNECTOR), p99(Phase.RAW_MQTT));
  }

  /** Whether no phase lost, duplicated or corrupted anything (QoS 0 may lose by design). */
  public boolean clean() {
    return phases.stream()
        .allMatch(p -> p.lost() == 0 && p.duplicates() == 0 && p.corrupted() == 0);
  }
}
