/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

/**
 * Where a configuration value came from. {@link #toString()} is the form used in messages: {@code
 * default}, {@code env}, {@code connector.toml:14} or {@code command line}.
 *
 * @param kind the layer
 * @param file configuration file as given by the user; for {@link Kind#DEFAULT}, why a computed
 *     default applies; else {@code null}
 * @param line 1-based line in {@code file}, or 0 when unknown
 */
public record ValueSource(Kind kind, String file, int line) {

  /** Configuration layers, lowest precedence first. */
  public enum Kind {
    DEFAULT,
    FILE,
    ENV,
    FLAG
  }

  public static final ValueSource DEFAULT = new ValueSource(Kind.DEFAULT, null, 0);
  public static final ValueSource ENV = new ValueSource(Kind.ENV, null, 0);
  public static final ValueSource FLAG = new ValueSource(Kind.FLAG, null, 0);

  /** A value read from {@code file} at {@code line} (0 when the line is unknown). */
  public static ValueSource file(String file, int line) {
    return new ValueSource(Kind.FILE, file, line);
  }

  @Override
  public String toString() {
    switch (kind) {
      case DEFAULT:
        return file == null ? "default" : "default (" + file + ")";
      case ENV:
        return "env";
      case FLAG:
        return "command line";
      default:
        return line > 0 ? file + ":" + line : file;
    }
  }
}
