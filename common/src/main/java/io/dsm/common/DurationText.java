/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them on command lines: a whole number with {@code ms}, {@code s}, {@code
 * m} or {@code h} ({@code 500ms}, {@code 10S}), or ISO-8601 ({@code PT10S}, sign allowed). The one
 * parser of the project's tools; each tool adds its own rules (positive only, zero allowed) and its
 * own error text, since their options mean different things.
 */
public final class DurationText {
  private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private DurationText() {}

  /**
   * @param bareNumberIsSeconds whether {@code 30} means 30 s; otherwise a bare number is refused,
   *     because guessing seconds or milliseconds wrong silently is worse than asking
   * @return empty when {@code text} is none of the forms or out of range
   */
  public static Optional<Duration> parse(String text, boolean bareNumberIsSeconds) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_FORM.matcher(t);
    if (m.matches()) {
      if (m.group(2) == null && !bareNumberIsSeconds) {
        return Optional.empty();
      }
      try {
        long n = Long.parseLong(m.group(1));
        return Optional.of(
            switch (m.group(2) == null ? "s" : m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              default -> Duration.ofHours(n);
            });
      } catch (NumberFormatException | ArithmeticException e) {
        return Optional.empty();
      }
    }
    if (t.startsWith("p") || t.startsWith("-p") || t.startsWith("+p")) {
      try {
        return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
