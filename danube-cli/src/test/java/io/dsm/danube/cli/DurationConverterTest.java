/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "10s, 10000",
    "10S, 10000",
    "2m, 120000",
    "1h, 3600000",
    "0s, 0",
    "PT10S, 10000",
    "pt0.5s, 500",
    "PT2M, 120000"
  })
  void acceptsShortFormsAndIso8601(String text, long expectedMillis) {
    assertThat(DurationConverter.parse(text)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "", "s", "10 s", "1d", "abc", "P", "99999999999999999999h"})
  void rejectsAmbiguousOrMalformedDurationsNamingTheAcceptedForms(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("500ms")
        .hasMessageContaining("PT10S");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT-1S", "-PT5S"})
  void rejectsNegativeDurations(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("negative");
  }
}
