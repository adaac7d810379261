/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads a process's CPU time and resident memory from Linux's {@code /proc}: {@code
 * /proc/<pid>/stat} (utime and stime, fields 14 and 15, in clock ticks) and {@code
 * /proc/<pid>/status} ({@code VmRSS}, in kB). The parsing methods are pure so that they can be
 * tested on captured text.
 *
 * @param pid the process to read
 * @param ticksPerSecond the clock ticks per second of {@code /proc/<pid>/stat} (Linux's USER_HZ)
 */
public record ProcStats(long pid, long ticksPerSecond) {
  /** Linux's USER_HZ on every mainstream architecture; {@code getconf CLK_TCK} prints it. */
  public static final long DEFAULT_CLOCK_TICKS_PER_SECOND = 100;

  /** Whether {@code /proc} can be read on this machine. */
  public static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  /** CPU time (user + system) the process used so far, in microseconds. */
  public long cpuMicros() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return ticksToMicros(parseCpuTicks(stat), ticksPerSecond);
  }

  /** Resident set size now, in bytes, or empty when the process is gone. */
  public OptionalLong rssBytes() {
    try {
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
      return parseRssBytes(status);
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * utime + stime in clock ticks from the text of {@code /proc/<pid>/stat}. The command name (field
   * 2) is in parentheses and may itself contain spaces and parentheses, so fields are counted from
   * the last {@code ')'}.
   *
   * @throws IllegalArgumentException when the text does not have the expected shape
   */
  public static long parseCpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: no ')' in \"" + stat + "\"");
    }
    String[] rest = stat.substring(close + 1).trim().split("\\s+");
    // rest[0] is field 3 (state), so field n is rest[n - 3].
    if (rest.length < 13) {
      throw new IllegalArgumentException(
          "not a /proc/<pid>/stat line: only " + (rest.length + 2) + " fields");
    }
    try {
      return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "not a /proc/<pid>/stat line: utime/stime are not numbers: " + e.getMessage(), e);
    }
  }

  /** {@code VmRSS} in bytes from the text of {@code /proc/<pid>/status}; empty if absent. */
  public static OptionalLong parseRssBytes(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        long value = Long.parseLong(parts[0]);
        String unit = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "kb";
        long factor =
            switch (unit) {
              case "kb" -> 1024L;
              case "mb" -> 1024L * 1024;
              default -> 1L;
            };
        return OptionalLong.of(value * factor);
      }
    }
    return OptionalLong.empty();
  }

  public static long ticksToMicros(long ticks, long ticksPerSecond) {
    return ticks * 1_000_000L / ticksPerSecond;
  }

  /**
   * CPU usage over a window: percent of one core, and microseconds of CPU per message.
   *
   * @param cpuMicros CPU time used during the window
   * @param wallNanos length of the window
   * @param messages messages handled during the window
   */
  public record CpuUsage(double percentOfOneCore, double microsPerMessage) {
    public static CpuUsage of(long cpuMicros, long wallNanos, long messages) {
      double percent = wallNanos <= 0 ? Double.NaN : cpuMicros * 1000.0 / wallNanos * 100.0;
      double perMsg = messages <= 0 ? Double.NaN : (double) cpuMicros / messages;
      return new CpuUsage(percent, perMsg);
    }
  }

  /** {@code getconf CLK_TCK}, or {@link #DEFAULT_CLOCK_TICKS_PER_SECOND} when it cannot run. */
  public static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
              .trim();
      if (p.waitFor() == 0 && out.matches("\\d+")) {
        return Long.parseLong(out);
      }
    } catch (IOException e) {
      // getconf missing: fall back to the default below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return DEFAULT_CLOCK_TICKS_PER_SECOND;
  }
}
