/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "10s, 10000",
    " 10S , 10000",
    "2m, 120000",
    "1h, 3600000",
    "0s, 0",
    "PT10S, 10000",
    "pt0.5s, 500",
    "-PT5S, -5000"
  })
  void readsShortFormsAndIso8601(String text, long millis) {
    assertThat(DurationText.parse(text, false)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "10 s", "1d", "abc", "P", "-5s", "99999999999999999999h"})
  void refusesWhatIsNoneOfTheFormsOrOutOfRange(String text) {
    assertThat(DurationText.parse(text, false)).isEmpty();
    assertThat(DurationText.parse(text, true)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", " 30 "})
  void aBareNumberIsSecondsOnlyWhenTheCallerSaysSo(String text) {
    assertThat(DurationText.parse(text, true)).contains(Duration.ofSeconds(30));
    assertThat(DurationText.parse(text, false)).isEmpty();
  }
}
