/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.routing.Route;
import io.dsm.connector.routing.TopicRouter;
import java.util.List;
import java.util.Optional;

/** Finds the route of an MQTT topic: the first configured route whose filter matches. */
@FunctionalInterface
public interface RouteLookup {
  /** The route for {@code mqttTopic}, or empty when no route matches. Thread-safe, no I/O. */
  Optional<RouteSettings> route(String mqttTopic);

  /** The configured routes in order, first match wins (the {@link TopicRouter} rules). */
  static RouteLookup firstMatch(List<RouteSettings> routes) {
    TopicRouter<RouteSettings> router = TopicRouter.of(routes, RouteSettings::from);
    return topic -> router.route(topic).map(Route::target);
  }
}
