/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import io.dsm.danube.testkit.StoredMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders the demo's terminal output: a frame redrawn in place each second on a terminal (ANSI), or
 * plain lines appended each second otherwise (pipes, files, CI logs). Pure text, no I/O.
 */
final class DemoView {
  /** Cursor home; each line then clears its rest, and the last clears what is below. */
  private static final String HOME = "\u001b[H";

  private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";
  private static final String CLEAR_LINE_END = "\u001b[K";
  private static final String CLEAR_BELOW = "\u001b[J";
  private static final String BOLD = "\u001b[1m";
  private static final String RESET = "\u001b[0m";
  private static final String PAYLOAD_ATTR_TOPIC = "mqtt.topic";

  /**
   * What the demo is connected to, for the header.
   *
   * @param mqttPort the embedded MQTT broker's port on 127.0.0.1
   * @param danubeUrl the Danube test broker's service URL
   * @param clientId the connector's MQTT client id
   * @param metricsPort the connector's metrics port, 0 when off
   */
  record Endpoints(int mqttPort, String danubeUrl, String clientId, int metricsPort) {}

  private final boolean ansi;
  private final Endpoints endpoints;
  private boolean firstFrame = true;

  DemoView(boolean ansi, Endpoints endpoints) {
    this.ansi = ansi;
    this.endpoints = endpoints;
  }

  /** Printed once before the live view (plain mode), or as the top of every frame (ANSI). */
  String intro() {
    StringBuilder out = new StringBuilder();
    out.append(
        "danube-source-mqtt demo: MQTT broker, connector and Danube broker in this process\n");
    out.append(
        String.format(
            Locale.ROOT,
            "  MQTT    embedded HiveMQ CE on 127.0.0.1:%d (simulated devices publish here)%n",
            endpoints.mqttPort()));
    out.append(
        String.format(
            Locale.ROOT,
            "  Danube  %s: in-memory TEST broker (danube-testkit), not a production Danube;%n",
            endpoints.danubeUrl()));
    out.append("          messages live only in this process and are gone when it ends\n");
    out.append(
        String.format(
            Locale.ROOT,
            "  Connector  client id %s, routes below, QoS 1, acknowledged after Danube stored%n",
            endpoints.clientId()));
    if (endpoints.metricsPort() > 0) {
      out.append(
          String.format(
              Locale.ROOT, "  Metrics    http://127.0.0.1:%d/metrics%n", endpoints.metricsPort()));
    }
    out.append("Publish your own message and watch it arrive on /iot/sensors:\n");
    out.append(
        String.format(
            Locale.ROOT,
            "  mosquitto_pub -h 127.0.0.1 -p %d -t sensors/test -m hello%n",
            endpoints.mqttPort()));
    out.append("Read what Danube stored (in a second terminal):\n");
    out.append("  ").append(consumeCommand()).append('\n');
    return out.toString().replace(System.lineSeparator(), "\n");
  }

  /** The danube-cli command that reads the demo's catch-all topic, as it can be pasted. */
  String consumeCommand() {
    return "bin/danube-cli consume --service-url "
        + endpoints.danubeUrl()
        + " --topic /iot/sensors --subscription demo";
  }

  /** One update of the live view. */
  String frame(DemoMonitor.Snapshot snapshot, Duration elapsed) {
    return ansi ? ansiFrame(snapshot, elapsed) : plainLines(snapshot, elapsed);
  }

  /** The live view fits a terminal of this many columns and {@link #ROWS} rows. */
  static final int COLUMNS = 80;

  static final int ROWS = 24;

  /**
   * The live view: at most {@link #ROWS} lines of fewer than {@link #COLUMNS} characters, so that
   * an 80x24 terminal redraws it in place without wrapping or scrolling; the commands to try stay
   * at the top.
   */
  private String ansiFrame(DemoMonitor.Snapshot snapshot, Duration elapsed) {
    List<String> lines = new ArrayList<>();
    lines.add(
        BOLD + "danube-source-mqtt demo, running " + clock(elapsed) + RESET + "  (Ctrl-C to stop)");
    lines.add("Danube: in-memory TEST broker (danube-testkit), not a production Danube");
    lines.add(
        String.format(
            Locale.ROOT,
            "MQTT 127.0.0.1:%d  Danube %s%s",
            endpoints.mqttPort(),
            endpoints.danubeUrl(),
            endpoints.metricsPort() > 0
                ? "  metrics :" + endpoints.metricsPort() + "/metrics"
                : ""));
    lines.add(
        String.format(
            Locale.ROOT,
            "Publish: mosquitto_pub -h 127.0.0.1 -p %d -t sensors/test -m hello",
            endpoints.mqttPort()));
    String consume = consumeCommand();
    int options = consume.indexOf(" --topic");
    lines.add("Read:    " + consume.substring(0, options) + " \\");
    lines.add("           " + consume.substring(options + 1));
    lines.add("");
    lines.add(
        BOLD
            + String.format(
                Locale.ROOT,
                "%-40s %8s %8s %7s %11s",
                "route",
                "MQTT in",
                "stored",
                "msg/s",
                "p99 (10 s)")
            + RESET);
    for (DemoMonitor.RouteFigures route : snapshot.routes()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%-40s %8d %8d %7.1f %11s",
              cut(route.route().filter() + " -> " + route.route().danubeTopic(), 40),
              route.received(),
              route.stored(),
              route.ratePerSecond(),
              route.recentSamples() == 0 ? "-" : millis(route.recentP99Micros())));
    }
    lines.add("");
    StoredMessage newest = null;
    for (DemoMonitor.RouteFigures route : snapshot.routes()) {
      if (route.last().isPresent()) {
        StoredMessage m = route.last().get();
        String head = "last " + route.route().danubeTopic() + " " + topicOf(m) + " ";
        lines.add(cut(head + preview(m.payload(), COLUMNS), COLUMNS - 1));
        if (newest == null || m.arrivalNanos() - newest.arrivalNanos() > 0) {
          newest = m;
        }
      }
    }
    if (newest != null) {
      lines.add(cut("     " + attributes(newest), COLUMNS - 1));
    }
    lines.add("");
    lines.add("Messages from other MQTT clients: " + snapshot.externalMessages());
    snapshot
        .lastExternal()
        .ifPresent(
            m ->
                lines.add(
                    cut(
                        "last "
                            + topicOf(m)
                            + " -> "
                            + m.topic()
                            + "  "
                            + preview(m.payload(), COLUMNS)
                            + "  "
                            + attributes(m),
                        COLUMNS - 1)));
    while (lines.size() > ROWS) {
      lines.remove(lines.size() - 1);
    }
    lines.replaceAll(line -> line.contains(RESET) ? line : cut(line, COLUMNS - 1));
    StringBuilder frame = new StringBuilder(firstFrame ? CLEAR_SCREEN : HOME);
    firstFrame = false;
    for (String line : lines) {
      frame.append(line).append(CLEAR_LINE_END).append('\n');
    }
    frame.setLength(frame.length() - 1);
    return frame.append(CLEAR_BELOW).toString();
  }

  private String plainLines(DemoMonitor.Snapshot snapshot, Duration elapsed) {
    StringBuilder out = new StringBuilder();
    for (DemoMonitor.RouteFigures route : snapshot.routes()) {
      out.append(
          String.format(
              Locale.ROOT,
              "[%s] %s -> %s: received %d, stored %d, %.1f msg/s, p99 (10 s) %s",
              clock(elapsed),
              route.route().filter(),
              route.route().danubeTopic(),
              route.received(),
              route.stored(),
              route.ratePerSecond(),
              route.recentSamples() == 0 ? "-" : millis(route.recentP99Micros())));
      route
          .last()
          .ifPresent(
              m ->
                  out.append(", last ")
                      .append(topicOf(m))
                      .append(' ')
                      .append(preview(m.payload(), 60)));
      out.append('\n');
    }
    snapshot
        .lastExternal()
        .filter(m -> snapshot.externalMessages() > 0)
        .ifPresent(
            m ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "[%s] from other MQTT clients: %d, last %s -> %s %s %s%n",
                        clock(elapsed),
                        snapshot.externalMessages(),
                        topicOf(m),
                        m.topic(),
                        preview(m.payload(), 60),
                        attributes(m))));
    return out.toString().replace(System.lineSeparator(), "\n");
  }

  /** The closing report, printed once after the connector drained and stopped. */
  static String summary(DemoMonitor.Snapshot snapshot, Duration elapsed) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "demo stopped after %s; per route, messages the connector received from MQTT and"
                + " messages stored in Danube:%n",
            clock(elapsed)));
    for (DemoMonitor.RouteFigures route : snapshot.routes()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %s -> %s: received %d, stored %d, latency p50 %s, p99 %s%n"
                  + "    after the first %d s (warm-up): p50 %s, p99 %s (%d messages)%n",
              route.route().filter(),
              route.route().danubeTopic(),
              route.received(),
              route.stored(),
              route.latencySamples() == 0 ? "-" : millis(route.p50Micros()),
              route.latencySamples() == 0 ? "-" : millis(route.p99Micros()),
              TimeUnit.NANOSECONDS.toSeconds(DemoMonitor.WARM_UP_NANOS),
              route.steadySamples() == 0 ? "-" : millis(route.steadyP50Micros()),
              route.steadySamples() == 0 ? "-" : millis(route.steadyP99Micros()),
              route.steadySamples()));
    }
    out.append(
        String.format(
            Locale.ROOT, "  messages from other MQTT clients: %d%n", snapshot.externalMessages()));
    return out.toString().replace(System.lineSeparator(), "\n");
  }

  /**
   * A payload for one line: the text when it is valid UTF-8 without control characters, otherwise
   * hex of the first bytes; cut to {@code max} characters.
   */
  static String preview(byte[] payload, int max) {
    if (payload.length == 0) {
      return "(empty)";
    }
    String text = printableUtf8(payload);
    if (text != null) {
      return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
    String prefix = "[binary, " + payload.length + " bytes] hex ";
    int shown = Math.min(payload.length, Math.max(1, (max - prefix.length() - 1) / 2));
    StringBuilder hex = new StringBuilder(prefix);
    for (int i = 0; i < shown; i++) {
      hex.append(String.format(Locale.ROOT, "%02x", payload[i] & 0xff));
    }
    if (shown < payload.length) {
      hex.append('…');
    }
    return hex.toString();
  }

  private static String printableUtf8(byte[] payload) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return null;
      }
    }
    return text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }

  /** {@code text} cut to {@code max} characters, the last one an ellipsis when cut. */
  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static String topicOf(StoredMessage m) {
    String topic = m.attributes().get(PAYLOAD_ATTR_TOPIC);
    return topic != null ? topic : String.valueOf(m.routingKey());
  }

  /** The attributes other than the MQTT topic (shown already), sorted by name. */
  static String attributes(StoredMessage m) {
    Map<String, String> sorted = new TreeMap<>(m.attributes());
    sorted.remove(PAYLOAD_ATTR_TOPIC);
    StringBuilder out = new StringBuilder("attributes");
    if (sorted.isEmpty()) {
      return out.append(" none").toString();
    }
    sorted.forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
    return out.toString();
  }

  private static String partitions(DemoMonitor.RouteFigures route) {
    int n = route.route().partitions();
    return n == 0 ? "" : " (" + n + " partitions)";
  }

  static String millis(long micros) {
    return micros < 10_000
        ? String.format(Locale.ROOT, "%.2f ms", micros / 1000.0)
        : String.format(Locale.ROOT, "%.0f ms", micros / 1000.0);
  }

  static String clock(Duration elapsed) {
    long s = Math.max(0, elapsed.toSeconds());
    return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
