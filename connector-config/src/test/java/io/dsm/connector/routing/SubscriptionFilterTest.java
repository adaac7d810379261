/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionFilterTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // text | group (empty: none) | filter
        "sensors/#             |         | sensors/#",
        "$share/ingest/sensors/# | ingest | sensors/#",
        "$share/g/+            | g       | +",
        "$share/g/$SYS/#       | g       | $SYS/#",
        "$share/my-group.1/a//b | my-group.1 | a//b",
        "$SYS/broker           |         | $SYS/broker",
        "$shared/x             |         | $shared/x",
      })
  void splitsGroupAndFilter(String text, String group, String filter) {
    SubscriptionFilter parsed = SubscriptionFilter.parse(text.trim());
    assertThat(parsed.group()).isEqualTo(group == null ? null : group.trim());
    assertThat(parsed.filter().text()).isEqualTo(filter.trim());
    assertThat(parsed.text()).isEqualTo(text.trim());
    assertThat(parsed.isShared()).isEqualTo(group != null);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "$share          | a shared subscription is $share/<group>/<filter>; the '/' after the"
            + " group name is missing",
        "$share/group    | a shared subscription is $share/<group>/<filter>; the '/' after the"
            + " group name is missing",
        "$share//a/b     | the shared subscription group is empty",
        "$share/g+/a     | the shared subscription group contains a wildcard ('+' or '#'), which"
            + " a group name must not",
        "$share/#/a      | the shared subscription group contains a wildcard ('+' or '#'), which"
            + " a group name must not",
        "$share/g/       | the filter after the shared subscription group is empty",
        "$share/g/a/#/b  | its filter part is not valid: '#' must be the last character and alone"
            + " in its level",
        "$share/g/$share/h/x | its filter part is not valid: it is a shared subscription"
            + " ($share/<group>/<filter>), not a plain topic filter",
        "a+/b            | '+' must be alone in its level",
      })
  void namesEachProblem(String text, String reason) {
    assertThat(SubscriptionFilter.problem(text.trim())).contains(reason.trim());
    assertThatThrownBy(() -> SubscriptionFilter.parse(text.trim()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + text.trim() + "\" is not a valid MQTT subscription; " + reason.trim());
  }

  @Test
  void aPlainFilterCanBePutInAGroup() {
    SubscriptionFilter plain = SubscriptionFilter.parse("devices/+/telemetry");
    assertThat(plain.inGroup("replicas").text()).isEqualTo("$share/replicas/devices/+/telemetry");
    assertThat(plain.inGroup("replicas").filter()).isEqualTo(plain.filter());
    assertThat(plain.inGroup(null)).isEqualTo(plain);
    assertThatThrownBy(() -> plain.inGroup("a/b"))
        .hasMessage("\"a/b\" contains '/', which a group name must not");
  }

  @Test
  void routingUsesTheFilterPartOfASharedSubscription() {
    SubscriptionFilter shared = SubscriptionFilter.parse("$share/g/sensors/+");
    TopicRouter<String> router = TopicRouter.of(java.util.List.of(shared.filter().text()), f -> f);
    assertThat(router.route("sensors/t1")).isPresent();
    assertThat(DanubeTopicName.derive(shared.filter())).isEqualTo("/mqtt/sensors_any");
  }
}
