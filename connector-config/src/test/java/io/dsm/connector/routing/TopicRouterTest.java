/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicRouterTest {

  private static final TopicRouter<String> ROUTER =
      TopicRouter.of(
          List.of(
              "sensors/temp", // 0 exact, before the wildcard that also matches it
              "sensors/#", // 1
              "devices/+/telemetry", // 2
              "devices/d1/telemetry", // 3 exact, shadowed by route 2
              "+/alerts", // 4
              "$SYS/#", // 5
              "plain/topic"), // 6
          f -> f);

  @ParameterizedTest(name = "{0} -> route {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sensors/temp          | 0",
        "sensors/temp/zone1    | 1",
        "sensors               | 1",
        "sensors/humidity      | 1",
        "devices/d1/telemetry  | 2",
        "devices/d9/telemetry  | 2",
        "devices//telemetry    | 2",
        "devices/d1/status     | -1",
        "room/alerts           | 4",
        "sensors/alerts        | 1",
        "$SYS/alerts           | 5",
        "$SYS/broker/load      | 5",
        "plain/topic           | 6",
        "plain/topic/x         | -1",
        "other                 | -1",
      })
  void firstMatchingRouteWins(String topic, int expected) {
    Optional<Route<String>> route = ROUTER.route(topic.trim());
    if (expected < 0) {
      assertThat(route).isEmpty();
    } else {
      assertThat(route).get().extracting(Route::index).isEqualTo(expected);
      assertThat(route.get().filter().matches(topic.trim())).isTrue();
    }
  }

  @Test
  void wildcardBeforeAnExactFilterStillWins() {
    TopicRouter<String> router = TopicRouter.of(List.of("a/#", "a/b"), f -> f);
    assertThat(router.route("a/b")).get().extracting(Route::target).isEqualTo("a/#");
  }

  @Test
  void exposesRoutesInOrderAndRejectsBadFilters() {
    assertThat(ROUTER.routes()).extracting(Route::target).startsWith("sensors/temp", "sensors/#");
    assertThatThrownBy(() -> TopicRouter.of(List.of("a/#/b"), f -> f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a/#/b");
  }

  @Test
  void repeatedLookupsReturnTheSameOptional() {
    // route() hands out prepared Optionals: no allocation per message
    assertThat(ROUTER.route("sensors/x")).isSameAs(ROUTER.route("sensors/y"));
  }
}
