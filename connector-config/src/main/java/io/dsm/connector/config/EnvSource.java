/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Map;
import java.util.Optional;

/**
 * Environment variables as a map, so that tests pass their own. A variable set to the empty string
 * counts as not set (as with {@code docker run -e NAME=}).
 */
public final class EnvSource {
  private final Map<String, String> variables;

  private EnvSource(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** The given variables. */
  public static EnvSource of(Map<String, String> variables) {
    return new EnvSource(variables);
  }

  /** The process environment. */
  public static EnvSource system() {
    return new EnvSource(System.getenv());
  }

  /** The value of {@code name}, or empty when unset or empty. */
  public Optional<String> get(String name) {
    String value = variables.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
