/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Locale;

/**
 * What the connector does with payloads that do not match a topic's schema ({@code
 * validation_policy}; Danube's own names for its topic policies).
 */
public enum ValidationPolicy {
  /** Messages are only stamped with the schema; payloads are not checked. */
  NONE,
  /** Payloads are checked; a mismatch is sent anyway, counted and logged. */
  WARN,
  /** Payloads are checked; a mismatch goes to the dead-letter topic instead. */
  ENFORCE;

  /** {@code none}, {@code warn} or {@code enforce}, as configured. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
