/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime;

import java.util.Map;

/**
 * JVM-wide library settings the connector's hot path depends on, applied before the first Netty
 * class is initialised. Each is a system property read once in a static initialiser, so it only
 * takes effect when set first; an operator's own {@code -D} always wins.
 *
 * <ul>
 *   <li>Netty's resource-leak detector off, for both Netty copies (the MQTT client's and grpc's
 *       shaded one): at its default level it records a stack trace for a sample of buffers,
 *       measured at about 2 % of the connector's CPU (docs/PERFORMANCE.md). It is a debugging aid;
 *       set the properties to {@code simple} or {@code paranoid} to hunt a leak.
 * </ul>
 */
public final class RuntimeDefaults {
  /** Property names and the values the connector runs best with. */
  static final Map<String, String> DEFAULTS =
      Map.of(
          "io.netty.leakDetection.level", "disabled",
          "io.grpc.netty.shaded.io.netty.leakDetection.level", "disabled");

  private RuntimeDefaults() {}

  /** Sets every default that is not set yet. Idempotent; cheap after the first call. */
  public static void apply() {
    for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
      if (System.getProperty(e.getKey()) == null) {
        System.setProperty(e.getKey(), e.getValue());
      }
    }
  }
}
