/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/**
 * A failure talking to Danube, with the gRPC status code name, the RPC and the topic named in the
 * message. {@link #isRetriable()} tells whether trying again later may succeed.
 */
public class DanubeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String statusCode;
  private final boolean retriable;

  public DanubeException(String message, String statusCode, boolean retriable, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.retriable = retriable;
  }

  /** The gRPC status code name (e.g. {@code UNAVAILABLE}), or {@code CLIENT} for local errors. */
  public String statusCode() {
    return statusCode;
  }

  public boolean isRetriable() {
    return retriable;
  }
}
