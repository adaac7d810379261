/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validated MQTT topic filter, matched exactly as MQTT 3.1.1 section 4.7 says.
 *
 * <ul>
 *   <li>{@code +} matches exactly one level, including an empty one ({@code a/+} matches {@code
 *       a/}).
 *   <li>{@code #} must be the last level and alone in it; it matches the parent level too ({@code
 *       sensors/#} matches {@code sensors}).
 *   <li>A filter starting with a wildcard never matches a topic starting with {@code $}.
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #matches(String)} does not allocate.
 */
public final class TopicFilter {

  /** Longest filter MQTT can carry: a UTF-8 string with a two-byte length prefix. */
  public static final int MAX_BYTES = 65_535;

  private final String text;
  private final String[] levels;
  private final boolean wildcard;
  private final int wildcards;
  private final boolean startsWithWildcard;

  private TopicFilter(String text) {
    this.text = text;
    this.levels = text.split("/", -1);
    int count = 0;
    for (String level : levels) {
      if (level.equals("+") || level.equals("#")) {
        count++;
      }
    }
    this.wildcards = count;
    this.wildcard = count > 0;
    this.startsWithWildcard = text.charAt(0) == '+' || text.charAt(0) == '#';
  }

  /**
   * Parses a filter.
   *
   * @throws IllegalArgumentException if the text is not a valid filter; the message is the reason
   */
  public static TopicFilter of(String text) {
    Optional<String> problem = problem(text);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(
          Quote.quoted(text) + " is not a valid MQTT topic filter; " + problem.get());
    }
    return new TopicFilter(text);
  }

  /**
   * Why {@code text} is not a valid filter, or empty when it is valid. The reason does not repeat
   * the filter text.
   */
  public static Optional<String> problem(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.of("a filter must not be empty");
    }
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return Optional.of("it contains the NUL character (U+0000)");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= length || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return Optional.of("it contains an unpaired surrogate, which is not valid UTF-8");
        }
        i++;
        continue;
      }
      if (Character.isLowSurrogate(c)) {
        return Optional.of("it contains an unpaired surrogate, which is not valid UTF-8");
      }
      boolean levelStart = i == 0 || text.charAt(i - 1) == '/';
      boolean levelEnd = i == length - 1 || text.charAt(i + 1) == '/';
      if (c == '#') {
        if (!levelStart || i != length - 1) {
          return Optional.of("'#' must be the last character and alone in its level");
        }
      } else if (c == '+' && (!levelStart || !levelEnd)) {
        return Optional.of("'+' must be alone in its level");
      }
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      return Optional.of(
          "it is " + bytes + " bytes long in UTF-8; MQTT allows at most " + MAX_BYTES);
    }
    if (SubscriptionFilter.isSharedSyntax(text)) {
      return Optional.of(
          "it is a shared subscription ($share/<group>/<filter>), not a plain topic filter");
    }
    return Optional.empty();
  }

  /**
   * Whether this filter matches the topic name. The topic is assumed to be a valid topic name (as
   * received from a broker).
   */
  public boolean matches(String topic) {
    if (startsWithWildcard && !topic.isEmpty() && topic.charAt(0) == '$') {
      return false;
    }
    int start = 0; // start of the current topic level; -1 once the topic has no more levels
    int topicLength = topic.length();
    for (String level : levels) {
      if (level.equals("#")) {
        return true;
      }
      if (start < 0) {
        return false;
      }
      int slash = topic.indexOf('/', start);
      int end = slash < 0 ? topicLength : slash;
      if (!level.equals("+")
          && (end - start != level.length()
              || !topic.regionMatches(start, level, 0, end - start))) {
        return false;
      }
      start = slash < 0 ? -1 : slash + 1;
    }
    return start < 0;
  }

  /**
   * What the wildcards of this filter matched in {@code topic}, in order, or empty when the filter
   * does not match. A {@code +} captures its one level (possibly empty); a {@code #} captures the
   * rest of the topic with its {@code /} separators, which is empty when the topic is the parent
   * level ({@code sensors/#} on {@code sensors}). Used by dynamic routes ({@code $1} .. {@code
   * $9}); allocates, unlike {@link #matches}.
   */
  public Optional<List<String>> captures(String topic) {
    if (!matches(topic)) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(wildcards);
    int start = 0;
    for (String level : levels) {
      if (level.equals("#")) {
        out.add(start < 0 || start > topic.length() ? "" : topic.substring(start));
        break;
      }
      int slash = topic.indexOf('/', start);
      int end = slash < 0 ? topic.length() : slash;
      if (level.equals("+")) {
        out.add(topic.substring(start, end));
      }
      start = slash < 0 ? -1 : slash + 1;
    }
    return Optional.of(List.copyOf(out));
  }

  /** How many wildcards ({@code +} and {@code #}) the filter has: the captures it offers. */
  public int wildcardCount() {
    return wildcards;
  }

  /** The levels of this filter, split on {@code /}; empty levels included. */
  public List<String> levels() {
    return List.of(levels);
  }

  /** Whether the filter contains {@code +} or {@code #}. */
  public boolean hasWildcard() {
    return wildcard;
  }

  /** The filter text as configured. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TopicFilter && ((TopicFilter) other).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
