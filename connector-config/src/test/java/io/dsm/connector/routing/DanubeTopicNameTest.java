/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DanubeTopicNameTest {

  @ParameterizedTest(name = "valid: {0}")
  @ValueSource(
      strings = {"/default/foo", "/iot/sensors", "/a-b/c_d", "/A1/B2", "/mqtt/x-part-1", "/é/ü"})
  void acceptsDanubeNames(String name) {
    assertThat(DanubeTopicName.isValid(name)).isTrue();
  }

  @ParameterizedTest(name = "invalid: \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "default/foo",
        "/mqtt/a/b",
        "/mqtt/sensors/temp",
        "x/default/foo",
        "/default/",
        "//",
        "//foo",
        "/default",
        "/a.b/c",
        "/a/b c",
        "/a/b:c",
        "/a/b+",
        "/a/#",
        "default"
      })
  void rejectsOthers(String name) {
    assertThat(DanubeTopicName.problem(name))
        .contains(
            "is not a Danube topic; expected /namespace/topic using letters, digits, '_' or '-'");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the seed's examples
        "sensors/temp               | /mqtt/sensors_temp",
        "devices/+/telemetry        | /mqtt/devices_any_telemetry",
        "sensors/#                  | /mqtt/sensors_all",
        "factory/line1/sensors/temp | /mqtt/factory_line1_sensors_temp",
        // edge cases of the rule
        "#                          | /mqtt/all",
        "+                          | /mqtt/any",
        "/a                         | /mqtt/empty_a",
        "a//b                       | /mqtt/a_empty_b",
        "a/                         | /mqtt/a_empty",
        "a.b/c d                    | /mqtt/a-b_c-d",
        "$SYS/broker                | /mqtt/-SYS_broker",
        "température/é              | /mqtt/temp-rature_-",
        "Mixed-Case_1/x             | /mqtt/Mixed-Case_1_x",
      })
  void derivesFromFilter(String filter, String expected) {
    String derived = DanubeTopicName.derive(TopicFilter.of(filter.trim()));
    assertThat(derived).isEqualTo(expected.trim());
    assertThat(DanubeTopicName.isValid(derived)).isTrue();
    assertThat(derived.chars().allMatch(c -> c < 128)).isTrue();
  }

  @org.junit.jupiter.api.Test
  void surrogatePairsBecomeOneDash() {
    assertThat(DanubeTopicName.derive(TopicFilter.of("a\uD83D\uDE00b"))).isEqualTo("/mqtt/a-b");
  }

  @org.junit.jupiter.api.Test
  void namespaceOfValidName() {
    assertThat(DanubeTopicName.namespace("/iot/sensors")).isEqualTo("iot");
  }
}
