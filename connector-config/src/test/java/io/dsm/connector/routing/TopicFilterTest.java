/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFilterTest {

  @ParameterizedTest(name = "valid: {0}")
  @ValueSource(
      strings = {
        "#",
        "+",
        "/",
        "a",
        "a/b",
        "a/+",
        "+/+",
        "a/#",
        "+/b/#",
        "/+",
        "a//b",
        "$SYS/#",
        "a b",
        "ü/ö",
        "sport/tennis/+/ranking",
        "+/tennis/#"
      })
  void acceptsValidFilters(String filter) {
    assertThat(TopicFilter.problem(filter)).isEmpty();
    assertThat(TopicFilter.of(filter).text()).isEqualTo(filter);
  }

  @ParameterizedTest(name = "invalid: \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a/#/b  | '#' must be the last character and alone in its level",
        "#a     | '#' must be the last character and alone in its level",
        "a#     | '#' must be the last character and alone in its level",
        "a/b#   | '#' must be the last character and alone in its level",
        "##     | '#' must be the last character and alone in its level",
        "a+     | '+' must be alone in its level",
        "+a     | '+' must be alone in its level",
        "a/+b/c | '+' must be alone in its level",
        "++     | '+' must be alone in its level",
        "''     | a filter must not be empty",
        "$share/g/a | it is a shared subscription ($share/<group>/<filter>), not a plain topic"
            + " filter",
      })
  void rejectsInvalidFilters(String filter, String reason) {
    assertThat(TopicFilter.problem(filter)).contains(reason);
    assertThatThrownBy(() -> TopicFilter.of(filter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + filter + "\" is not a valid MQTT topic filter; " + reason);
  }

  @org.junit.jupiter.api.Test
  void rejectsNulAndOverlongAndUnpairedSurrogates() {
    assertThat(TopicFilter.problem("a\u0000b")).contains("it contains the NUL character (U+0000)");
    assertThat(TopicFilter.problem("a" + '\ud800' + "b"))
        .contains("it contains an unpaired surrogate, which is not valid UTF-8");
    assertThat(TopicFilter.problem("a".repeat(65_535))).isEmpty();
    assertThat(TopicFilter.problem("a".repeat(65_536)))
        .contains("it is 65536 bytes long in UTF-8; MQTT allows at most 65535");
    // 2 bytes per character in UTF-8: the limit is in bytes, not characters
    assertThat(TopicFilter.problem("é".repeat(32_768)))
        .contains("it is 65536 bytes long in UTF-8; MQTT allows at most 65535");
    assertThatThrownBy(() -> TopicFilter.of("x".repeat(70_000)))
        .hasMessageStartingWith("\"" + "x".repeat(64) + "...\" is not a valid MQTT topic filter");
  }

  // Examples of MQTT 3.1.1 section 4.7 plus edge cases.
  @ParameterizedTest(name = "{0} vs \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sport/tennis/player1/#     | sport/tennis/player1                | true",
        "sport/tennis/player1/#     | sport/tennis/player1/ranking        | true",
        "sport/tennis/player1/#     | sport/tennis/player1/score/wimbledon | true",
        "sport/#                    | sport                               | true",
        "sensors/#                  | sensors                             | true",
        "sensors/#                  | sensors/                            | true",
        "sensors/#                  | sensorsX                            | false",
        "sensors/#                  | sensor                              | false",
        "#                          | anything/at/all                     | true",
        "#                          | /                                   | true",
        "sport/tennis/+             | sport/tennis/player1                | true",
        "sport/tennis/+             | sport/tennis/player2                | true",
        "sport/tennis/+             | sport/tennis/player1/ranking        | false",
        "sport/+                    | sport                               | false",
        "sport/+                    | sport/                              | true",
        "+                          | sport                               | true",
        "+                          | /finance                            | false",
        "+/+                        | /finance                            | true",
        "/+                         | /finance                            | true",
        "+/tennis/#                 | sport/tennis                        | true",
        "+/tennis/#                 | sport/tennis/x/y                    | true",
        "a//b                       | a//b                                | true",
        "a/+/b                      | a//b                                | true",
        "a/b                        | a/b                                 | true",
        "a/b                        | a/b/                                | false",
        "a/b                        | a/bc                                | false",
        "a/b                        | A/b                                 | false",
        "factory/+/sensors          | factory/line1/sensors               | true",
        "factory/+/sensors          | factory/line1/zone1/sensors         | false",
        "#                          | $SYS/broker/uptime                  | false",
        "+/monitor/Clients          | $SYS/monitor/Clients                | false",
        "$SYS/#                     | $SYS/monitor/Clients                | true",
        "$SYS/monitor/+             | $SYS/monitor/Clients                | true",
        "a/$b                       | a/$b                                | true",
        "+/$b                       | a/$b                                | true",
      })
  void matchesAsMqtt311Says(String filter, String topic, boolean expected) {
    assertThat(TopicFilter.of(filter.trim()).matches(topic.trim())).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void equalityIsByText() {
    assertThat(TopicFilter.of("a/+")).isEqualTo(TopicFilter.of("a/+")).hasToString("a/+");
    assertThat(TopicFilter.of("a/+")).isNotEqualTo(TopicFilter.of("a/#"));
    assertThat(TopicFilter.of("a/+").hasWildcard()).isTrue();
    assertThat(TopicFilter.of("a/b").hasWildcard()).isFalse();
    assertThat(TopicFilter.of("a//b").levels()).containsExactly("a", "", "b");
  }
}
