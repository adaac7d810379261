/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static io.dsm.connector.TestSettings.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.connector.config.RetainHandling;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.routing.RoutingKey;
import io.dsm.mqtt.client.Subscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lifecycle and subscription rules that need no broker. */
class MqttSourceConnectorTest {

  @Test
  void subscribesEachFilterOnceAtTheHighestQosAnyRouteAsksNumberedInConfigurationOrder() {
    assertThat(
            subscriptions(
                RetainHandling.SEND,
                route("a/#", "/x/a", 0),
                route("b/+", "/x/b", 1),
                route("a/#", "/x/c", 2)))
        .containsExactly(
            new Subscription("a/#", 2, io.dsm.mqtt.client.RetainHandling.SEND, 1),
            new Subscription("b/+", 1, io.dsm.mqtt.client.RetainHandling.SEND, 2));
  }

  @Test
  void sharedGroupsAndRetainHandlingReachTheSubscriptions() {
    RouteSettings shared =
        new RouteSettings("a/#", "/x/a", 1, 0, true, "g1", null, Map.of(), RoutingKey.TOPIC);
    assertThat(subscriptions(RetainHandling.SEND_NEW, shared, route("b/+", "/x/b", 0)))
        .containsExactly(
            new Subscription("$share/g1/a/#", 1, io.dsm.mqtt.client.RetainHandling.SEND_NEW, 1),
            new Subscription("b/+", 0, io.dsm.mqtt.client.RetainHandling.SEND_NEW, 2));
  }

  private static List<Subscription> subscriptions(RetainHandling retain, RouteSettings... routes) {
    return MqttSourceConnector.subscriptions(List.of(routes), retain);
  }

  @Test
  void closeBeforeStartStopsWithoutIoAndStartAfterwardsIsRefused() {
    MqttSourceConnector c =
        new MqttSourceConnector(
            TestSettings.settings(
                "127.0.0.1",
                1,
                "unit",
                true,
                "http://127.0.0.1:1",
                4,
                List.of(TestSettings.route("a/#", "/x/a", 1))));
    assertThat(c.state()).isEqualTo(ConnectorState.NEW);
    c.close();
    c.close();
    assertThat(c.state()).isEqualTo(ConnectorState.STOPPED);
    assertThat(c.terminated()).isCompleted();
    assertThatThrownBy(c::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("STOPPED");
  }
}
