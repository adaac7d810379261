/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.List;
import java.util.Set;

/**
 * Parses and describes one kind of setting value. Raw values are strings (environment, flags, TOML
 * scalars) or, from the TOML file only, arrays of strings.
 *
 * @param <T> the parsed type
 */
public interface ValueType<T> {

  /** Parses a raw string. */
  T parse(String raw) throws InvalidValueException;

  /** Parses a TOML array of strings; most types accept no array. */
  default T parseList(List<String> items) throws InvalidValueException {
    throw new InvalidValueException("is an array; expected " + describe());
  }

  /** How a parsed value is shown by print-config. */
  default String format(T value) {
    return String.valueOf(value);
  }

  /** What the type accepts, for documentation and messages: {@code integer in [1, 65535]}. */
  String describe();

  /**
   * The TOML types a value may have in the file; anything else is reported as the wrong type
   * ({@code port = "1883"}). Strings unless the type says otherwise.
   */
  default Set<TomlKind> tomlKinds() {
    return Set.of(TomlKind.STRING);
  }

  /**
   * A raw value as it may appear in a message. Types whose values can carry credentials (URLs with
   * user info or a query) hide those parts.
   */
  default String display(String raw) {
    return raw;
  }
}
