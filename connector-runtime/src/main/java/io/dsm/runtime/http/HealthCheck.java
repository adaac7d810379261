/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a liveness or readiness check.
 *
 * @param ok whether the check passed
 * @param reason why it did not pass (null when ok)
 * @param details what the check looked at, in a stable order (values are strings, numbers or
 *     booleans)
 */
public record HealthCheck(boolean ok, String reason, Map<String, Object> details) {
  public HealthCheck {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * The JSON body the ops endpoints serve: {@code {"status":"UP"|"DOWN","connector":...,
   * "reason":...,"checks":{...}}}, {@code reason} only when down.
   */
  public String toJson(String connectorName) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"status\":\"").append(ok ? "UP" : "DOWN").append('"');
    b.append(",\"connector\":");
    string(b, connectorName);
    if (!ok && reason != null) {
      b.append(",\"reason\":");
      string(b, reason);
    }
    b.append(",\"checks\":{");
    boolean first = true;
    for (Map.Entry<String, Object> e : details.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey());
      b.append(':');
      value(b, e.getValue());
    }
    return b.append("}}").toString();
  }

  private static void value(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Double d) {
      b.append(String.format(Locale.ROOT, "%.3f", d));
    } else {
      string(b, v.toString());
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, b);
    b.append('"');
  }
}
