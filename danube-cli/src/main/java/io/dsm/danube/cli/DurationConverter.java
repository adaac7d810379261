/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import io.dsm.common.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Parses a duration written as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601
 * ({@code PT10S}); zero is allowed, a negative one or a bare number ({@code --timeout 10}: seconds
 * or milliseconds?) is refused.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /**
   * @throws CommandLine.TypeConversionException naming the accepted forms when {@code value} is
   *     none of them or is negative
   */
  public static Duration parse(String value) {
    Duration duration =
        DurationText.parse(value, false)
            .orElseThrow(
                () ->
                    new CommandLine.TypeConversionException(
                        "'"
                            + value
                            + "' is not a duration; use a number with ms, s, m or h"
                            + " (e.g. 500ms, 10s, 2m) or ISO-8601 (e.g. PT10S)"));
    if (duration.isNegative()) {
      throw new CommandLine.TypeConversionException(
          "duration '" + value + "' is negative; it must be zero or more");
    }
    return duration;
  }
}
