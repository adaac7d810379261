/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common;

/**
 * Makes text from outside (MQTT topics, client ids) safe to put in one log line: control
 * characters, which could break lines or forge log entries, become {@code \\n}, {@code \\t} or
 * {@code \\uXXXX}; a backslash is doubled so the escaping stays unambiguous.
 */
public final class LogText {
  private LogText() {}

  /** {@code s} with control characters escaped; the same string when there are none. */
  public static String escape(String s) {
    if (s == null) {
      return "null";
    }
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c < 0x20
          || c == 0x7f
          || c == '\\'
          || (c >= 0x80 && c < 0xa0)
          || c == 0x2028
          || c == 0x2029) {
        break;
      }
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
            b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
