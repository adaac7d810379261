/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.List;

/**
 * A raw value that a {@link ValueType} cannot accept. Each {@link Invalid} names the offending
 * piece (the whole raw value when {@code value} is {@code null}) and the reason, written to follow
 * the quoted value: {@code "70000" is out of range [1, 65535]}.
 */
public final class InvalidValueException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * One rejected piece of a value.
   *
   * @param value the piece, or {@code null} for the whole raw value
   * @param reason text that follows the quoted value, for example {@code is not an integer}
   */
  public record Invalid(String value, String reason) {}

  private final List<Invalid> invalid;

  public InvalidValueException(String reason) {
    this(List.of(new Invalid(null, reason)));
  }

  public InvalidValueException(List<Invalid> invalid) {
    super(invalid.get(0).reason());
    this.invalid = List.copyOf(invalid);
  }

  public List<Invalid> invalid() {
    return invalid;
  }
}
