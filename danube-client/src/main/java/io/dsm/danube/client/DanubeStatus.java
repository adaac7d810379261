/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/**
 * Why a call to Danube failed. The broker's answers carry the gRPC status codes, which keep their
 * names here so that log lines and the broker's documentation agree; {@link #CLIENT} marks a
 * failure that never reached the broker (a closed producer or consumer, a schema check made
 * locally, an I/O error before the call). The client's API never exposes gRPC's own types.
 */
public enum DanubeStatus {
  CANCELLED,
  UNKNOWN,
  INVALID_ARGUMENT,
  DEADLINE_EXCEEDED,
  NOT_FOUND,
  ALREADY_EXISTS,
  PERMISSION_DENIED,
  RESOURCE_EXHAUSTED,
  FAILED_PRECONDITION,
  ABORTED,
  OUT_OF_RANGE,
  UNIMPLEMENTED,
  INTERNAL,
  UNAVAILABLE,
  DATA_LOSS,
  UNAUTHENTICATED,
  /** The failure happened in this client; the broker did not answer with a status. */
  CLIENT;

  /** The status of a gRPC status code's name, {@link #UNKNOWN} for a name this enum lacks. */
  public static DanubeStatus ofGrpcName(String name) {
    for (DanubeStatus s : values()) {
      if (s != CLIENT && s.name().equals(name)) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
