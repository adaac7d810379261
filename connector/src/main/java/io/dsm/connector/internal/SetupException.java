/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

/** A part of the pipeline could not be set up at start: a producer, a topic's schema. */
public abstract class SetupException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    /**
     * The configuration cannot work: a missing namespace or subject, an incompatible or refused
     * schema.
     */
    CONFIGURATION,
    /** Danube refused us (credentials, permissions, certificates). */
    REFUSED,
    /** Danube or its schema registry could not be reached. */
    UNAVAILABLE
  }

  private final Kind kind;

  SetupException(String message, Kind kind, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
