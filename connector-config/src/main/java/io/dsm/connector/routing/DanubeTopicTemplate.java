/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A route target that may use the wildcard captures of the route's filter: {@code /iot/plant_$1}
 * with {@code from = "plants/+/lines/+/#"}. A target without {@code $} is a plain Danube topic.
 *
 * <p><b>Captures are sanitised</b> before they are inserted, with the rule of {@link
 * DanubeTopicName#derive derived names}: ASCII letters, digits, {@code _} and {@code -} are kept, a
 * {@code /} (only a {@code #} capture can hold one) becomes {@code _}, every other character
 * becomes {@code -}. So {@code plants/north.1/lines/7/x} with {@code /iot/plant_$1_$3} gives {@code
 * /iot/plant_north-1_x}. Different topics can therefore render the same name ({@code a.b} and
 * {@code a-b}); such messages share that Danube topic.
 *
 * <p><b>Checked once at start</b> ({@link #problem(String, TopicFilter)}): every reference has a
 * wildcard, literal characters are allowed in Danube names, and the literal {@code /} give exactly
 * {@code /namespace/topic}. A sanitised capture holds no {@code /}, so the structure cannot change
 * per message; what can still fail per message ({@link #render}) is a part that is left empty, such
 * as {@code /iot/$1} for the topic {@code plants//lines/1} whose {@code +} matched an empty level.
 *
 * <p>Immutable and thread-safe.
 */
public final class DanubeTopicTemplate {

  private final CaptureTemplate template;

  private DanubeTopicTemplate(CaptureTemplate template) {
    this.template = template;
  }

  /**
   * Parses a target for {@code filter}.
   *
   * @throws IllegalArgumentException if {@link #problem(String, TopicFilter)} finds a problem
   */
  public static DanubeTopicTemplate of(String text, TopicFilter filter) {
    Optional<String> problem = problem(text, filter);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(Quote.quoted(text) + " " + problem.get());
    }
    return new DanubeTopicTemplate(CaptureTemplate.parse(text));
  }

  /** Whether {@code text} uses captures (contains {@code $}); otherwise it is a plain name. */
  public static boolean isTemplate(String text) {
    return CaptureTemplate.hasReferences(text);
  }

  /**
   * Why {@code text} can never render a valid Danube topic for messages of {@code filter}, or
   * empty. A plain name is checked as a Danube topic name. The reason follows the quoted text.
   */
  public static Optional<String> problem(String text, TopicFilter filter) {
    if (!isTemplate(text)) {
      return DanubeTopicName.problem(text);
    }
    Optional<String> syntax = CaptureTemplate.problem(text);
    if (syntax.isPresent()) {
      return syntax;
    }
    CaptureTemplate template = CaptureTemplate.parse(text);
    Optional<String> captures = template.problemWith(filter);
    if (captures.isPresent()) {
      return captures;
    }
    for (String literal : template.literals()) {
      for (int i = 0; i < literal.length(); ) {
        int cp = literal.codePointAt(i);
        if (cp != '/' && !DanubeTopicName.isNameCodePoint(cp)) {
          return Optional.of(
              "has "
                  + Quote.quoted(new String(Character.toChars(cp)))
                  + ", which Danube topic names do not allow; use letters, digits, '_' or '-'");
        }
        i += Character.charCount(cp);
      }
    }
    // Every capture rendered as one valid character shows the structure the literals impose.
    String sample = template.render(List.of("x", "x", "x", "x", "x", "x", "x", "x", "x"));
    if (DanubeTopicName.problem(sample).isPresent()) {
      return Optional.of(
          "never renders a Danube topic: with its captures filled in it reads "
              + Quote.quoted(sample)
              + ", not /namespace/topic");
    }
    return Optional.empty();
  }

  /**
   * The Danube topic for one message, or why there is none.
   *
   * @param captures the captures of the message's topic ({@link TopicFilter#captures})
   */
  public Rendered render(List<String> captures) {
    String name = template.render(captures, DanubeTopicTemplate::sanitize);
    Optional<String> problem = DanubeTopicName.problem(name);
    if (problem.isPresent()) {
      return new Rendered(
          null,
          "target "
              + Quote.quoted(template.text())
              + " rendered "
              + Quote.quoted(name)
              + ", which "
              + problem.get());
    }
    return new Rendered(name, null);
  }

  /**
   * Whether some topic could render {@code name}: the literals in place and each capture made of
   * the characters a sanitised capture can hold. Used to check that a configured name (a schema's
   * topic) is reachable through this template.
   */
  public boolean canRender(String name) {
    StringBuilder regex = new StringBuilder();
    for (String piece : template.split()) {
      regex.append(piece == null ? "[A-Za-z0-9_-]*" : Pattern.quote(piece));
    }
    return Pattern.matches(regex.toString(), name);
  }

  /** A capture as it appears in a rendered name; see the class comment. */
  public static String sanitize(String capture) {
    StringBuilder out = new StringBuilder(capture.length());
    for (int i = 0; i < capture.length(); ) {
      int cp = capture.codePointAt(i);
      if (cp == '/') {
        out.append('_');
      } else if ((cp >= 'a' && cp <= 'z')
          || (cp >= 'A' && cp <= 'Z')
          || (cp >= '0' && cp <= '9')
          || cp == '_'
          || cp == '-') {
        out.append((char) cp);
      } else {
        out.append('-');
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /** The target as written. */
  public String text() {
    return template.text();
  }

  @Override
  public String toString() {
    return template.text();
  }

  /**
   * The result of rendering: exactly one of the two is non-null.
   *
   * @param name the Danube topic
   * @param failure why the message has no valid Danube topic (for the dead-letter topic and logs)
   */
  public record Rendered(String name, String failure) {
    public boolean ok() {
      return name != null;
    }
  }
}
