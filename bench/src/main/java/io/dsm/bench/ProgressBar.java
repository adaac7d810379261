/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar redrawn on stderr ({@code \r}); silent when disabled. */
final class ProgressBar {
  private static final int WIDTH = 30;

  /** Without a terminal, {@code \r} redraws would flood a log: print a plain line this often. */
  private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

  private final PrintStream out;
  private final boolean enabled;
  private final boolean terminal;
  private long lastPlain;
  private String lastStage = "";

  ProgressBar(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
    this.terminal = System.console() != null;
  }

  void update(String phase, String stage, double fraction, long sent, long received, double rate) {
    if (!enabled) {
      return;
    }
    if (!terminal) {
      long now = System.nanoTime();
      String key = phase + stage;
      if (key.equals(lastStage) && now - lastPlain < PLAIN_INTERVAL_NANOS) {
        return;
      }
      lastStage = key;
      lastPlain = now;
    }
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(f * WIDTH);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    out.print(
        String.format(
            Locale.ROOT,
            (terminal ? "\r" : "") + "%-14s %-8s [%s] %3d%%  sent %,d  arrived %,d  %,.0f msg/s   ",
            phase,
            stage,
            bar,
            Math.round(f * 100),
            sent,
            received,
            rate));
    if (!terminal) {
      out.println();
    }
    out.flush();
  }

  void done() {
    if (enabled && terminal) {
      out.println();
    }
  }
}
