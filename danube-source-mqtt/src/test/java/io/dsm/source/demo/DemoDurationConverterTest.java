/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DemoDurationConverterTest {
  private final DemoDurationConverter converter = new DemoDurationConverter();

  @ParameterizedTest
  @CsvSource({"500ms, 500", "30s, 30000", "5m, 300000", "1h, 3600000", "PT2S, 2000", "10S, 10000"})
  void acceptsShortAndIsoForms(String text, long millis) {
    assertThat(converter.convert(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "0s", "-5s", "PT0S", "PT-1S", "ten seconds", "5d", ""})
  void refusesBareNumbersZeroNegativeAndGarbage(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + text + "' is not a positive duration");
  }
}
