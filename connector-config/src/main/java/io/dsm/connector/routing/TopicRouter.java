/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Maps an MQTT topic name to the first route, in configuration order, whose filter matches it.
 * Overlapping filters ({@code sensors/#} and {@code sensors/temp}) therefore send a message to
 * Danube once, through the earlier route.
 *
 * <p>Typical use: {@code TopicRouter.of(settings.routes(), RouteSettings::from)}.
 *
 * <p>Immutable and thread-safe. {@link #route(String)} does not allocate: filters without wildcards
 * are looked up in a hash map, and only wildcard filters configured before that hit are scanned.
 *
 * @param <T> the route target type
 */
public final class TopicRouter<T> {

  private final List<Route<T>> routes;
  private final List<Route<T>> wildcardRoutes;
  private final Map<String, Integer> exactIndex;
  private final List<Optional<Route<T>>> answers;

  private TopicRouter(List<Route<T>> routes) {
    this.routes = List.copyOf(routes);
    List<Route<T>> wildcards = new ArrayList<>();
    Map<String, Integer> exact = new HashMap<>();
    List<Optional<Route<T>>> prepared = new ArrayList<>();
    for (Route<T> route : this.routes) {
      if (route.filter().hasWildcard()) {
        wildcards.add(route);
      } else {
        exact.putIfAbsent(route.filter().text(), route.index());
      }
      prepared.add(Optional.of(route));
    }
    this.wildcardRoutes = List.copyOf(wildcards);
    this.exactIndex = Map.copyOf(exact);
    this.answers = List.copyOf(prepared);
  }

  /**
   * Builds a router over targets in configuration order.
   *
   * @param targets route targets; the first matching one wins
   * @param filterOf the MQTT topic filter of a target
   * @throws IllegalArgumentException if a filter is not valid
   */
  public static <T> TopicRouter<T> of(List<T> targets, Function<? super T, String> filterOf) {
    List<Route<T>> routes = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      T target = targets.get(i);
      routes.add(new Route<>(i, TopicFilter.of(filterOf.apply(target)), target));
    }
    return new TopicRouter<>(routes);
  }

  /** The route for a received topic name, or empty when no filter matches. */
  public Optional<Route<T>> route(String mqttTopic) {
    Integer exact = exactIndex.get(mqttTopic);
    int limit = exact == null ? Integer.MAX_VALUE : exact;
    for (int i = 0, n = wildcardRoutes.size(); i < n; i++) {
      Route<T> route = wildcardRoutes.get(i);
      if (route.index() > limit) {
        break;
      }
      if (route.filter().matches(mqttTopic)) {
        return answers.get(route.index());
      }
    }
    return exact == null ? Optional.empty() : answers.get(exact);
  }

  /** All routes in configuration order (the subscriptions to make). */
  public List<Route<T>> routes() {
    return routes;
  }
}
