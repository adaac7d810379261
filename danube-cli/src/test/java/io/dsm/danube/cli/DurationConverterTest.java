/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {

  @Test
  void acceptsTheSharedFormsIncludingZero() {
    // The forms themselves are common.DurationTextTest's; here: what danube-cli adds.
    assertThat(DurationConverter.parse("0s")).isZero();
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
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
