/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses a duration written as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601
 * ({@code PT10S}). A bare number is rejected: {@code --timeout 10} could mean seconds or
 * milliseconds, and guessing wrong silently is worse than asking.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /**
   * @throws CommandLine.TypeConversionException naming the accepted forms when {@code value} is
   *     none of them or is negative
   */
  public static Duration parse(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Duration duration;
    if (text.startsWith("p") || text.startsWith("-p") || text.startsWith("+p")) {
      try {
        duration = Duration.parse(text.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(value);
      }
    } else {
      Matcher matcher = SHORT_FORM.matcher(text);
      if (!matcher.matches()) {
        throw invalid(value);
      }
      long amount;
      try {
        amount = Long.parseLong(matcher.group(1));
      } catch (NumberFormatException e) {
        throw invalid(value);
      }
      try {
        duration =
            switch (matcher.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              default -> Duration.ofHours(amount);
            };
      } catch (ArithmeticException e) {
        throw invalid(value);
      }
    }
    if (duration.isNegative()) {
      throw new CommandLine.TypeConversionException(
          "duration '" + value + "' is negative; it must be zero or more");
    }
    return duration;
  }

  private static CommandLine.TypeConversionException invalid(String value) {
    return new CommandLine.TypeConversionException(
        "'"
            + value
            + "' is not a duration; use a number with ms, s, m or h (e.g. 500ms, 10s, 2m)"
            + " or ISO-8601 (e.g. PT10S)");
  }
}
