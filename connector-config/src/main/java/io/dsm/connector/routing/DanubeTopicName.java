/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.util.Optional;

/**
 * Danube topic names: validation and the name derived from an MQTT filter.
 *
 * <p><b>Validation.</b> Danube splits a name on {@code /} and wants exactly three parts (see
 * danube-protocol.md 3.1). We accept only the canonical form {@code /namespace/topic} with a
 * non-empty namespace and topic whose characters are letters, digits, {@code _} or {@code -}.
 * "Letters and digits" follows the broker's Unicode rule (Alphabetic or Numeric) for names that
 * users write; derived names are ASCII only.
 *
 * <p><b>Derivation</b> ({@link #derive}), used when a route has no explicit target:
 *
 * <ol>
 *   <li>namespace {@code mqtt};
 *   <li>each filter level maps to one word: {@code +} to {@code any}, {@code #} to {@code all}, an
 *       empty level to {@code empty}, any other level keeps ASCII letters, digits, {@code _} and
 *       {@code -} and turns every other character into {@code -};
 *   <li>the words are joined with {@code _}.
 * </ol>
 *
 * So {@code sensors/temp} becomes {@code /mqtt/sensors_temp}, {@code devices/+/telemetry} becomes
 * {@code /mqtt/devices_any_telemetry} and {@code sensors/#} becomes {@code /mqtt/sensors_all}.
 * Different filters can derive the same name ({@code a/b} and {@code a_b}); configuration loading
 * rejects such pairs rather than silently merging two streams.
 */
public final class DanubeTopicName {

  /** Namespace of derived names. It must exist on the Danube broker. */
  public static final String DERIVED_NAMESPACE = "mqtt";

  private DanubeTopicName() {}

  /** Why {@code name} is not a usable Danube topic name, or empty when it is valid. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of(
          "is not a Danube topic; expected /namespace/topic using letters, digits, '_' or '-'");
    }
    String[] parts = name.split("/", -1);
    boolean valid =
        parts.length == 3 && parts[0].isEmpty() && isValidPart(parts[1]) && isValidPart(parts[2]);
    if (!valid) {
      return Optional.of(
          "is not a Danube topic; expected /namespace/topic using letters, digits, '_' or '-'");
    }
    return Optional.empty();
  }

  /** Whether {@code name} is a valid {@code /namespace/topic} name. */
  public static boolean isValid(String name) {
    return problem(name).isEmpty();
  }

  /** The namespace part of a valid name. */
  public static String namespace(String name) {
    return name.substring(1, name.indexOf('/', 1));
  }

  private static boolean isValidPart(String part) {
    if (part.isEmpty()) {
      return false;
    }
    for (int i = 0; i < part.length(); ) {
      int cp = part.codePointAt(i);
      if (!isNameCodePoint(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /** Whether Danube allows this character in a namespace or topic part. */
  public static boolean isNameCodePoint(int cp) {
    return cp == '_' || cp == '-' || Character.isAlphabetic(cp) || isNumeric(cp);
  }

  // Rust's char::is_numeric: general categories Nd, Nl and No.
  private static boolean isNumeric(int cp) {
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** The Danube topic derived from a filter; always valid and ASCII. See the class comment. */
  public static String derive(TopicFilter filter) {
    StringBuilder out = new StringBuilder("/").append(DERIVED_NAMESPACE).append('/');
    boolean first = true;
    for (String level : filter.levels()) {
      if (!first) {
        out.append('_');
      }
      first = false;
      if (level.equals("+")) {
        out.append("any");
      } else if (level.equals("#")) {
        out.append("all");
      } else if (level.isEmpty()) {
        out.append("empty");
      } else {
        for (int i = 0; i < level.length(); ) {
          int cp = level.codePointAt(i);
          boolean keep =
              (cp >= 'a' && cp <= 'z')
                  || (cp >= 'A' && cp <= 'Z')
                  || (cp >= '0' && cp <= '9')
                  || cp == '_'
                  || cp == '-';
          out.append(keep ? (char) cp : '-');
          i += Character.charCount(cp);
        }
      }
    }
    return out.toString();
  }
}
