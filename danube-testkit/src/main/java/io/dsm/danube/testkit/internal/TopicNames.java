/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

/**
 * Danube's topic-name rule (broker {@code validate_topic_format}): exactly three '/'-separated
 * parts, each made of Unicode letters, numbers, '_' and '-'; empty parts pass.
 */
public final class TopicNames {
  private TopicNames() {}

  /** True when Danube v0.15.1 would accept {@code topic}. */
  public static boolean isValid(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length != 3) {
      return false;
    }
    for (String part : parts) {
      for (int i = 0; i < part.length(); ) {
        int cp = part.codePointAt(i);
        if (!isAllowed(cp)) {
          return false;
        }
        i += Character.charCount(cp);
      }
    }
    return true;
  }

  // Rust's char::is_alphanumeric is Alphabetic || Numeric (Nd, Nl, No).
  private static boolean isAllowed(int cp) {
    if (cp == '_' || cp == '-') {
      return true;
    }
    if (Character.isAlphabetic(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** The namespace part; Danube always takes the second part, even when the first is not empty. */
  public static String namespaceOf(String validTopic) {
    return validTopic.split("/", -1)[1];
  }

  /** The exact INVALID_ARGUMENT text of the real broker. */
  public static String invalidFormatMessage(String topic) {
    return "The topic: " + topic + " has an invalid format, should be: /namespace_name/topic_name";
  }
}
