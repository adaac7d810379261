/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dsm.bench.BenchConfig.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link BenchReport}: the one-line summary, JSON and a Markdown table. */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * The stable one-line summary (scripts may parse it: {@code key=value} pairs, fixed order).
   * Missing values print as {@code n/a}.
   */
  public static String summaryLine(BenchReport r) {
    PhaseResult c = r.phase(Phase.CONNECTOR).orElse(null);
    StringBuilder sb = new StringBuilder("danube-mqtt-bench:");
    add(sb, "msgs_per_s", r.throughput(Phase.CONNECTOR), "%.0f");
    add(sb, "mb_per_s", c == null ? Double.NaN : c.mbPerSecond(), "%.2f");
    add(sb, "p50_ms", c == null ? Double.NaN : c.latency().p50Ms(), "%.2f");
    add(sb, "p99_ms", c == null ? Double.NaN : c.latency().p99Ms(), "%.2f");
    add(sb, "p999_ms", c == null ? Double.NaN : c.latency().p999Ms(), "%.2f");
    add(sb, "max_ms", c == null ? Double.NaN : c.latency().maxMs(), "%.2f");
    add(sb, "cpu_us_per_msg", cpuPerMsg(c), "%.1f");
    add(
        sb,
        "rss_mib",
        c == null || c.process() == null ? Double.NaN : c.process().rssMib(),
        "%.1f");
    add(sb, "raw_mqtt_msgs_per_s", r.throughput(Phase.RAW_MQTT), "%.0f");
    add(sb, "raw_danube_msgs_per_s", r.throughput(Phase.RAW_DANUBE), "%.0f");
    add(sb, "one_in_flight_msgs_per_s", r.throughput(Phase.ONE_IN_FLIGHT), "%.0f");
    add(sb, "ratio_vs_raw_mqtt", r.ratioVsRawMqtt(), "%.2f");
    add(sb, "ratio_vs_raw_danube", r.ratioVsRawDanube(), "%.2f");
    add(sb, "p99_ratio_vs_raw_mqtt", r.p99RatioVsRawMqtt(), "%.2f");
    sb.append(" sent=").append(c == null ? "n/a" : Long.toString(c.sent()));
    sb.append(" lost=").append(c == null ? "n/a" : Long.toString(c.lost()));
    sb.append(" duplicates=").append(c == null ? "n/a" : Long.toString(c.duplicates()));
    return sb.toString();
  }

  private static double cpuPerMsg(PhaseResult c) {
    return c == null || c.process() == null ? Double.NaN : c.process().cpuMicrosPerMessage();
  }

  private static void add(StringBuilder sb, String key, double value, String format) {
    sb.append(' ').append(key).append('=');
    sb.append(Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value));
  }

  /** The JSON document: headline figures at the top level, then parameters, machine, phases. */
  public static Map<String, Object> json(BenchReport r) {
    PhaseResult c = r.phase(Phase.CONNECTOR).orElse(null);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("throughput_msgs_per_s", num(r.throughput(Phase.CONNECTOR)));
    out.put("throughput_mb_per_s", c == null ? null : num(c.mbPerSecond()));
    out.put("raw_mqtt_msgs_per_s", num(r.throughput(Phase.RAW_MQTT)));
    out.put("raw_danube_msgs_per_s", num(r.throughput(Phase.RAW_DANUBE)));
    out.put("one_in_flight_msgs_per_s", num(r.throughput(Phase.ONE_IN_FLIGHT)));
    out.put("ratio_vs_raw_mqtt", num(r.ratioVsRawMqtt()));
    out.put("ratio_vs_raw_danube", num(r.ratioVsRawDanube()));
    out.put("p99_ratio_vs_raw_mqtt", num(r.p99RatioVsRawMqtt()));
    out.put("hot_per_topic_msgs_per_s", num(r.throughput(Phase.HOT_PER_TOPIC)));
    out.put("hot_none_msgs_per_s", num(r.throughput(Phase.HOT_NONE)));
    out.put("hot_per_topic_ratio_vs_connector", num(r.hotRatio(Phase.HOT_PER_TOPIC)));
    out.put("hot_none_ratio_vs_connector", num(r.hotRatio(Phase.HOT_NONE)));
    out.put("latency_p50_ms", c == null ? null : num(c.latency().p50Ms()));
    out.put("latency_p90_ms", c == null ? null : num(c.latency().p90Ms()));
    out.put("latency_p99_ms", c == null ? null : num(c.latency().p99Ms()));
    out.put("latency_p999_ms", c == null ? null : num(c.latency().p999Ms()));
    out.put("latency_max_ms", c == null ? null : num(c.latency().maxMs()));
    out.put("cpu_us_per_msg", num(cpuPerMsg(c)));
    out.put(
        "cpu_percent_of_one_core",
        c == null || c.process() == null ? null : num(c.process().cpuPercentOfOneCore()));
    out.put("rss_mib", c == null || c.process() == null ? null : num(c.process().rssMib()));
    out.put(
        "rss_slope_mib_per_min",
        c == null || c.process() == null ? null : num(c.process().rssSlopeMibPerMin()));
    out.put("sent", c == null ? null : c.sent());
    out.put("received", c == null ? null : c.received());
    out.put("lost", c == null ? null : c.lost());
    out.put("duplicates", c == null ? null : c.duplicates());
    out.put("corrupted", c == null ? null : c.corrupted());
    out.put("parameters", parameters(r.config()));
    out.put("mqtt_broker", r.mqttBroker());
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpus", r.machine().cpus());
    machine.put("memory_mib", r.machine().memoryMib());
    machine.put("java", r.machine().javaVersion());
    machine.put("os", r.machine().os());
    machine.put("mosquitto", r.machine().mosquitto());
    out.put("machine", machine);
    List<Map<String, Object>> phases = new ArrayList<>();
    for (PhaseResult p : r.phases()) {
      phases.add(phase(p));
    }
    out.put("phases", phases);
    return out;
  }

  private static Map<String, Object> parameters(BenchConfig c) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("mode", c.maxRate() ? "max-rate" : "fixed-rate");
    p.put("rate_msgs_per_s", c.maxRate() ? null : c.rate());
    p.put("qos", c.qos());
    p.put("payload_bytes", c.payloadBytes());
    p.put("publishers", c.publishers());
    p.put("mqtt_topics", c.topics());
    p.put("routes", c.routes());
    p.put("partitions", c.partitions());
    p.put("reliable", c.reliable());
    p.put("max_in_flight", c.maxInFlight());
    p.put("ordering", c.ordering());
    p.put("window", c.window());
    p.put("danube_delay_ms", c.danubeDelay().toMillis());
    p.put("warmup_s", c.warmup().toMillis() / 1000.0);
    p.put("settle_max_s", c.settle().toMillis() / 1000.0);
    p.put("duration_s", c.duration().toMillis() / 1000.0);
    p.put("baseline_duration_s", c.baselineDuration().toMillis() / 1000.0);
    p.put("one_in_flight_duration_s", c.oneInFlightDuration().toMillis() / 1000.0);
    p.put("mqtt_broker", c.mqttBroker());
    p.put("connector_java_opts", c.connectorJavaOpts());
    p.put("quick", c.quick());
    p.put("phases", c.phases().stream().map(Phase::key).toList());
    return p;
  }

  private static Map<String, Object> phase(PhaseResult p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phase", p.phase().key());
    m.put("description", p.phase().description());
    m.put("msgs_per_s", num(p.msgsPerSecond()));
    m.put("mb_per_s", num(p.mbPerSecond()));
    m.put("latency_p50_ms", num(p.latency().p50Ms()));
    m.put("latency_p90_ms", num(p.latency().p90Ms()));
    m.put("latency_p99_ms", num(p.latency().p99Ms()));
    m.put("latency_p999_ms", num(p.latency().p999Ms()));
    m.put("latency_max_ms", num(p.latency().maxMs()));
    m.put("latency_samples", p.latency().count());
    m.put("sent", p.sent());
    m.put("received", p.received());
    m.put("lost", p.lost());
    m.put("duplicates", p.duplicates());
    m.put("corrupted", p.corrupted());
    m.put("send_errors", p.sendErrors());
    m.put("unobserved", p.unobserved());
    m.put("measured_s", p.measuredSeconds());
    m.put("settled_after_s", num(p.settledAfterSeconds()));
    m.put("settled", Double.isNaN(p.settledAfterSeconds()) ? null : p.settled());
    if (p.process() != null) {
      PhaseResult.ProcessFigures f = p.process();
      m.put("cpu_percent_of_one_core", num(f.cpuPercentOfOneCore()));
      m.put("cpu_us_per_msg", num(f.cpuMicrosPerMessage()));
      m.put("rss_mib", num(f.rssMib()));
      m.put("rss_max_mib", num(f.rssMaxMib()));
      m.put("rss_slope_mib_per_min", num(f.rssSlopeMibPerMin()));
      m.put("gc_pauses", f.gcPauses());
      m.put("gc_pause_total_ms", num(f.gcPauseTotalMs()));
      m.put("gc_pause_max_ms", num(f.gcPauseMaxMs()));
      m.put("connector_exit_code", f.exitCode());
    }
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (PhaseResult.Second s : p.timeline()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("t_s", s.t());
      t.put("msgs", s.messages());
      t.put("p99_ms", num(s.p99Ms()));
      t.put("rss_mib", num(s.rssMib()));
      timeline.add(t);
    }
    m.put("timeline", timeline);
    return m;
  }

  /** JSON has no NaN: missing figures are null. */
  private static Double num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }

  public static void writeJson(BenchReport r, Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    createParent(file);
    mapper.writeValue(file.toFile(), json(r));
  }

  /** A Markdown table of every phase, then the ratios. */
  public static String markdown(BenchReport r) {
    BenchConfig c = r.config();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Parameters: %s, QoS %d, %d-byte payload, %d publishers, %d MQTT topics, %d route(s),"
                + " %d partition(s), %s dispatch, MAX_IN_FLIGHT %d%s; MQTT broker: %s.%n%n",
            c.maxRate()
                ? "max rate"
                : String.format(Locale.ROOT, "fixed rate %.0f msg/s", c.rate()),
            c.qos(),
            c.payloadBytes(),
            c.publishers(),
            c.topics(),
            c.routes(),
            c.partitions(),
            c.reliable() ? "reliable" : "non-reliable",
            c.maxInFlight(),
            c.danubeDelay().isZero()
                ? ""
                : ", Danube round trip +" + c.danubeDelay().toMillis() + " ms",
            r.mqttBroker()));
    sb.append(
        "| Phase | msg/s | MB/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | CPU % of a core"
            + " | CPU µs/msg | RSS MiB | GC pauses (total / max ms) | sent | lost | dup | corrupt |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
    for (PhaseResult p : r.phases()) {
      PhaseResult.ProcessFigures f = p.process();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %d | %d |"
                  + " %d | %d |%n",
              p.phase().key(),
              p.msgsPerSecond(),
              p.mbPerSecond(),
              p.latency().p50Ms(),
              p.latency().p90Ms(),
              p.latency().p99Ms(),
              p.latency().p999Ms(),
              p.latency().maxMs(),
              f == null ? "–" : fmt(f.cpuPercentOfOneCore(), "%.1f"),
              f == null ? "–" : fmt(f.cpuMicrosPerMessage(), "%.1f"),
              f == null ? "–" : fmt(f.rssMib(), "%.1f"),
              f == null
                  ? "–"
                  : String.format(
                      Locale.ROOT,
                      "%d (%.1f / %.1f)",
                      f.gcPauses(),
                      f.gcPauseTotalMs(),
                      f.gcPauseMaxMs()),
              p.sent(),
              p.lost(),
              p.duplicates(),
              p.corrupted()));
    }
    sb.append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "Ratios: connector / raw MQTT throughput = %s, connector / raw Danube throughput = %s,"
                + " connector p99 / raw MQTT p99 = %s.%n",
            fmt(r.ratioVsRawMqtt(), "%.2f"),
            fmt(r.ratioVsRawDanube(), "%.2f"),
            fmt(r.p99RatioVsRawMqtt(), "%.2f")));
    if (r.phase(Phase.HOT_PER_TOPIC).isPresent() || r.phase(Phase.HOT_NONE).isPresent()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "Hot topic (one MQTT topic) / connector (%d topics) throughput: ORDERING=per_topic"
                  + " %s, ORDERING=none %s.%n",
              r.config().topics(),
              fmt(r.hotRatio(Phase.HOT_PER_TOPIC), "%.2f"),
              fmt(r.hotRatio(Phase.HOT_NONE), "%.2f")));
    }
    r.phase(Phase.CONNECTOR)
        .map(PhaseResult::process)
        .filter(f -> !Double.isNaN(f.rssSlopeMibPerMin()))
        .ifPresent(
            f ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "Connector RSS trend over the measured window: %.2f MiB/min (max %.1f MiB).%n",
                        f.rssSlopeMibPerMin(),
                        f.rssMaxMib())));
    for (PhaseResult p : r.phases()) {
      if (!Double.isNaN(p.settledAfterSeconds())) {
        sb.append(
            String.format(
                Locale.ROOT,
                p.settled()
                    ? "Phase %s: measured window started %.1f s after the warm-up, once its backlog"
                        + " had cleared (--settle).%n"
                    : "Phase %s: backlog NOT cleared %.1f s after the warm-up (--settle ran out);"
                        + " measured with it.%n",
                p.phase().key(),
                p.settledAfterSeconds()));
      }
    }
    return sb.toString();
  }

  private static String fmt(double v, String format) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, format, v);
  }

  public static void writeMarkdown(BenchReport r, Path file) throws IOException {
    createParent(file);
    Files.writeString(file, markdown(r), StandardCharsets.UTF_8);
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
