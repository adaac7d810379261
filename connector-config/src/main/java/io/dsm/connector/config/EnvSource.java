/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

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

  /** The names of the variables that are set (non-empty), sorted. */
  public SortedSet<String> names() {
    SortedSet<String> names = new TreeSet<>();
    variables.forEach(
        (name, value) -> {
          if (!value.isEmpty()) {
            names.add(name);
          }
        });
    return names;
  }

  /** The value of {@code name}, or empty when unset or empty. */
  public Optional<String> get(String name) {
    String value = variables.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
