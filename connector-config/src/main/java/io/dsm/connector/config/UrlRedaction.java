/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the parts of a URL that can carry credentials (user info, query, fragment) before the URL
 * appears in a message. Works on text that is not a valid URI too, since that is exactly what error
 * messages show.
 */
final class UrlRedaction {
  private UrlRedaction() {}

  private static final Pattern URL =
      Pattern.compile(
          "^([A-Za-z][A-Za-z0-9+.-]*://)?([^/?#]*@)?([^?#]*)(\\?[^#]*)?(#.*)?$", Pattern.DOTALL);

  /** {@code http://u:p@h:1/?t=x} becomes {@code http://[hidden]@h:1/?[hidden]}. */
  static String redact(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      return "[hidden]";
    }
    StringBuilder out = new StringBuilder();
    if (m.group(1) != null) {
      out.append(m.group(1));
    }
    if (m.group(2) != null) {
      out.append("[hidden]@");
    }
    out.append(m.group(3));
    if (m.group(4) != null) {
      out.append("?[hidden]");
    }
    if (m.group(5) != null) {
      out.append("#[hidden]");
    }
    return out.toString();
  }
}
