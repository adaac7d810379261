/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

/** Renders user input inside error messages: control characters escaped, long values cut. */
public final class Quote {
  private static final int MAX_CHARS = 64;

  private Quote() {}

  /**
   * The value with control characters written as {@code \\uXXXX} and cut to 64 characters (an
   * ellipsis marks the cut), without surrounding quotes.
   */
  public static String shorten(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int limit = Math.min(value.length(), MAX_CHARS);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    if (value.length() > MAX_CHARS) {
      out.append("...");
    }
    return out.toString();
  }

  /** {@link #shorten} inside double quotes. */
  public static String quoted(String value) {
    return "\"" + shorten(value) + "\"";
  }
}
