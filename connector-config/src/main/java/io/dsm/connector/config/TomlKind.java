/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

/** The type of a value in the TOML file, for "wrong type" checks. */
public enum TomlKind {
  STRING("a string"),
  INTEGER("an integer"),
  FLOAT("a floating-point number"),
  BOOLEAN("a boolean"),
  ARRAY("an array"),
  TABLE("a table");

  private final String description;

  TomlKind(String description) {
    this.description = description;
  }

  /** "a string", "an integer", ... */
  public String description() {
    return description;
  }
}
