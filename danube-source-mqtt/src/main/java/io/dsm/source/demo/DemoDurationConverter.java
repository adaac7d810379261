/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --duration}: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code
 * PT30S}); positive only. A bare number is refused rather than guessed as seconds or milliseconds.
 */
final class DemoDurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Duration duration;
    Matcher m = SHORT.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      duration =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
    } else {
      try {
        duration = Duration.parse(text.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(value);
      }
    }
    if (duration.isZero() || duration.isNegative()) {
      throw invalid(value);
    }
    return duration;
  }

  private static TypeConversionException invalid(String value) {
    return new TypeConversionException(
        "'" + value + "' is not a positive duration; use e.g. 500ms, 30s, 5m, 1h or PT30S");
  }
}
