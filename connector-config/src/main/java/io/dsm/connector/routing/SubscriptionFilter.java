/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.util.Objects;
import java.util.Optional;

/**
 * What the connector subscribes to: an MQTT topic filter, optionally in a shared-subscription group
 * ({@code $share/<group>/<filter>}). The broker spreads the messages of a shared subscription over
 * the members of the group; each message still arrives with its own topic name, so routing and
 * derived Danube names use the {@link #filter() filter part} only, while the intake subscribes with
 * {@link #text()}.
 *
 * <p>Shared subscriptions are part of MQTT 5 and accepted with MQTT 3.1.1 by Mosquitto 2, EMQX and
 * HiveMQ. The group name must be non-empty and contain none of {@code /}, {@code +} or {@code #}
 * (MQTT 5 section 4.8.2).
 *
 * @param group shared-subscription group, or {@code null} for a plain subscription
 * @param filter the topic filter messages are matched and routed with
 */
public record SubscriptionFilter(String group, TopicFilter filter) {

  private static final String PREFIX = "$share/";

  public SubscriptionFilter {
    Objects.requireNonNull(filter, "filter");
    if (group != null) {
      Optional<String> problem = groupProblem(group);
      if (problem.isPresent()) {
        throw new IllegalArgumentException(Quote.quoted(group) + " " + problem.get());
      }
    }
  }

  /**
   * Parses a plain filter or {@code $share/<group>/<filter>}.
   *
   * @throws IllegalArgumentException if the text is not valid; the message says why
   */
  public static SubscriptionFilter parse(String text) {
    Optional<String> problem = problem(text);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(
          Quote.quoted(text) + " is not a valid MQTT subscription; " + problem.get());
    }
    if (!isSharedSyntax(text)) {
      return new SubscriptionFilter(null, TopicFilter.of(text));
    }
    int slash = text.indexOf('/', PREFIX.length());
    return new SubscriptionFilter(
        text.substring(PREFIX.length(), slash), TopicFilter.of(text.substring(slash + 1)));
  }

  /**
   * Why {@code text} is neither a valid topic filter nor a valid {@code $share/<group>/<filter>},
   * or empty when it is valid. The reason does not repeat the text.
   */
  public static Optional<String> problem(String text) {
    if (text == null || !isSharedSyntax(text)) {
      return TopicFilter.problem(text);
    }
    int slash = text.indexOf('/', PREFIX.length());
    if (text.equals("$share") || slash < 0) {
      return Optional.of(
          "a shared subscription is $share/<group>/<filter>; the '/' after the group name is"
              + " missing");
    }
    Optional<String> group = groupProblem(text.substring(PREFIX.length(), slash));
    if (group.isPresent()) {
      return Optional.of("the shared subscription group " + group.get());
    }
    String filter = text.substring(slash + 1);
    if (filter.isEmpty()) {
      return Optional.of("the filter after the shared subscription group is empty");
    }
    return TopicFilter.problem(filter).map(reason -> "its filter part is not valid: " + reason);
  }

  /**
   * Why {@code group} is not a usable shared-subscription group name, or empty; the reason starts
   * with a verb so that it can follow the name ("is empty").
   */
  public static Optional<String> groupProblem(String group) {
    if (group == null || group.isEmpty()) {
      return Optional.of("is empty");
    }
    if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
      return Optional.of("contains a wildcard ('+' or '#'), which a group name must not");
    }
    if (group.indexOf('/') >= 0) {
      return Optional.of("contains '/', which a group name must not");
    }
    if (group.indexOf('\u0000') >= 0) {
      return Optional.of("contains the NUL character (U+0000)");
    }
    return Optional.empty();
  }

  /** Whether the text uses the shared-subscription syntax (starts with {@code $share/}). */
  static boolean isSharedSyntax(String text) {
    return text.equals("$share") || text.startsWith(PREFIX);
  }

  /** This filter in {@code group} (a plain subscription when {@code group} is null). */
  public SubscriptionFilter inGroup(String newGroup) {
    return new SubscriptionFilter(newGroup, filter);
  }

  /** Whether this is a shared subscription. */
  public boolean isShared() {
    return group != null;
  }

  /** The text to subscribe with: {@code $share/<group>/<filter>} or the plain filter. */
  public String text() {
    return group == null ? filter.text() : PREFIX + group + "/" + filter.text();
  }

  @Override
  public String toString() {
    return text();
  }
}
