/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.common.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or ISO-8601; a bare number means
 * seconds (bench runs are always told in seconds); never negative.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return DurationText.parse(value, true)
        .filter(d -> !d.isNegative())
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "'" + value + "' is not a duration; expected e.g. 500ms, 30s, 10m or 1h"));
  }
}
