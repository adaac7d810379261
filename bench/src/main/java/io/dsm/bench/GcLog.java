/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pauses out of a unified JVM log written with {@code -Xlog:gc:file=...}, e.g.
 *
 * <pre>[12.345s][info][gc] GC(7) Pause Young (Allocation Failure) 30M-&gt;4M(60M) 1.234ms</pre>
 */
public final class GcLog {
  private static final Pattern PAUSE =
      Pattern.compile("\\bGC\\((\\d+)\\) Pause .*?(\\d+(?:\\.\\d+)?)ms\\s*$");

  private GcLog() {}

  /** Pauses in the order logged, in milliseconds. */
  public static List<Double> pausesMillis(List<String> lines) {
    List<Double> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        out.add(Double.parseDouble(m.group(2)));
      }
    }
    return out;
  }

  /** Pauses found in a log file so far; empty if it does not exist yet. */
  public static List<Double> pausesMillis(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return pausesMillis(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** Count, total and longest of a list of pauses. */
  public record PauseSummary(int count, double totalMs, double maxMs) {
    public static final PauseSummary NONE = new PauseSummary(0, 0, 0);

    public static PauseSummary of(List<Double> pauses) {
      double total = 0;
      double max = 0;
      for (double p : pauses) {
        total += p;
        max = Math.max(max, p);
      }
      return new PauseSummary(pauses.size(), total, max);
    }
  }
}
