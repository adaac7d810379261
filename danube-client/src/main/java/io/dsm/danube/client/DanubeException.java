/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/**
 * A failure talking to Danube: the message names the RPC and the topic, {@link #status()} says what
 * the broker answered (or {@link DanubeStatus#CLIENT} for a local failure) and {@link
 * #isRetriable()} whether trying again later may succeed.
 */
public class DanubeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final DanubeStatus status;
  private final boolean retriable;

  public DanubeException(String message, DanubeStatus status, boolean retriable, Throwable cause) {
    super(message, cause);
    this.status = java.util.Objects.requireNonNull(status, "status");
    this.retriable = retriable;
  }

  /** What the broker answered, or {@link DanubeStatus#CLIENT} for a failure in this client. */
  public DanubeStatus status() {
    return status;
  }

  /**
   * Whether the same call may succeed later without anyone changing anything: true for a broker
   * that is unavailable, overloaded or moved the topic, and for a retry budget that ran out; false
   * for a rejection (invalid payload, missing namespace, refused credentials, a closed producer).
   */
  public boolean isRetriable() {
    return retriable;
  }
}
