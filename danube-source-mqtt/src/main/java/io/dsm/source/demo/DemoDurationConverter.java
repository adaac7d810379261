/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import io.dsm.common.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --duration}: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code
 * PT30S}); positive only. A bare number is refused rather than guessed as seconds or milliseconds.
 */
final class DemoDurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return DurationText.parse(value, false)
        .filter(d -> !d.isZero() && !d.isNegative())
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "'"
                        + value
                        + "' is not a positive duration; use e.g. 500ms, 30s, 5m, 1h or PT30S"));
  }
}
