/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a route uses as the Danube routing key, which picks the partition of a partitioned topic:
 * the MQTT topic ({@code topic}, the default), one wildcard capture ({@code $1} .. {@code $9}, so
 * every message of one device lands on one partition whatever the rest of its topic), or nothing
 * ({@code none}: Danube spreads messages round-robin).
 *
 * @param kind which of the three
 * @param capture the capture number for {@link Kind#CAPTURE}, else 0
 */
public record RoutingKey(Kind kind, int capture) {

  /** The three choices. */
  public enum Kind {
    TOPIC,
    CAPTURE,
    NONE
  }

  /** The MQTT topic as key (the default). */
  public static final RoutingKey TOPIC = new RoutingKey(Kind.TOPIC, 0);

  /** No key. */
  public static final RoutingKey NONE = new RoutingKey(Kind.NONE, 0);

  public RoutingKey {
    if ((kind == Kind.CAPTURE) != (capture >= 1 && capture <= 9)) {
      throw new IllegalArgumentException("capture " + capture + " does not fit " + kind);
    }
  }

  /**
   * Parses {@code topic}, {@code none} (any letter case) or {@code $1} .. {@code $9}.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static RoutingKey parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("topic")) {
      return TOPIC;
    }
    if (value.equals("none")) {
      return NONE;
    }
    if (value.length() == 2
        && value.charAt(0) == '$'
        && value.charAt(1) >= '1'
        && value.charAt(1) <= '9') {
      return new RoutingKey(Kind.CAPTURE, value.charAt(1) - '0');
    }
    throw new IllegalArgumentException(
        Quote.quoted(text) + " is not a routing key; expected topic, none or $1 to $9");
  }

  /** Why this key cannot be used with {@code filter} (a capture it does not have), or empty. */
  public Optional<String> problemWith(TopicFilter filter) {
    if (kind == Kind.CAPTURE && capture > filter.wildcardCount()) {
      return CaptureTemplate.parse("$" + capture).problemWith(filter);
    }
    return Optional.empty();
  }

  /**
   * The key of one message, or {@code null} for none.
   *
   * @param topic the MQTT topic the message was published to
   * @param captures its captures ({@link TopicFilter#captures}); unused unless {@link Kind#CAPTURE}
   */
  public String keyFor(String topic, List<String> captures) {
    switch (kind) {
      case TOPIC:
        return topic;
      case CAPTURE:
        return captures.get(capture - 1);
      default:
        return null;
    }
  }

  /** {@code topic}, {@code none} or {@code $n}, as written in the configuration. */
  @Override
  public String toString() {
    switch (kind) {
      case TOPIC:
        return "topic";
      case CAPTURE:
        return "$" + capture;
      default:
        return "none";
    }
  }
}
