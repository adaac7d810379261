/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.util.Objects;

/**
 * One route of a {@link TopicRouter}.
 *
 * @param index position in the configuration (0-based); lower wins when several filters match
 * @param filter the parsed MQTT topic filter
 * @param target what matching messages go to, for example the route's {@code RouteSettings} or the
 *     producer that serves it
 * @param <T> the target type
 */
public record Route<T>(int index, TopicFilter filter, T target) {
  public Route {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(target, "target");
  }
}
