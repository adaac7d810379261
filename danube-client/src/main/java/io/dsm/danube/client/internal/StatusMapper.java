/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeStatus;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns gRPC failures into {@link DanubeException}s that name the RPC and the topic. */
final class StatusMapper {
  private StatusMapper() {}

  /** Strips the {@link CompletionException}/{@link ExecutionException} wrappers of futures. */
  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** The first line of {@code t}'s message (after unwrapping), for log lines. */
  static String brief(Throwable t) {
    Throwable u = unwrap(t);
    return firstLine(describe(u));
  }

  /**
   * Maps one failed attempt. A {@link DanubeException} passes through unchanged; anything that is
   * not a gRPC status becomes a non-retriable {@code CLIENT} error.
   */
  static DanubeException map(Throwable error, String rpc, String topic) {
    Throwable t = unwrap(error);
    if (t instanceof DanubeException d) {
      return d;
    }
    Status status = Status.fromThrowable(t);
    if (status.getCode() == Status.Code.UNKNOWN && !(isGrpc(t))) {
      return new DanubeException(
          rpc + " for " + target(topic) + " failed: " + firstLine(t.toString()),
          DanubeStatus.CLIENT,
          false,
          t);
    }
    RetryPolicy.Action action = RetryPolicy.classify(t);
    Throwable tls = RetryPolicy.tlsFailure(t);
    String tlsCause =
        tls == null ? "" : " (TLS handshake failed: " + firstLine(describe(tls)) + ")";
    return new DanubeException(
        rpc + " for " + target(topic) + " failed with " + describe(status) + tlsCause,
        DanubeStatus.ofGrpcName(status.getCode().name()),
        action != RetryPolicy.Action.FAIL,
        t);
  }

  /**
   * The error after the retry budget ran out: retriable (a later try may work), names the cause.
   */
  static DanubeException budgetExhausted(
      Throwable lastError, String rpc, String topic, int attempts, Duration budget) {
    DanubeException last = map(lastError, rpc, topic);
    return new DanubeException(
        rpc
            + " for "
            + target(topic)
            + " gave up after "
            + attempts
            + " attempt(s): retry budget "
            + budget
            + " exhausted; last error: "
            + last.getMessage(),
        last.status(),
        true,
        lastError);
  }

  /** Topic names start with '/'; anything else (a schema subject, an id) is named as given. */
  private static String target(String name) {
    return name.startsWith("/") ? "topic " + name : name;
  }

  private static boolean isGrpc(Throwable t) {
    return t instanceof io.grpc.StatusRuntimeException || t instanceof io.grpc.StatusException;
  }

  /**
   * Code and the first line of the description: grpc-java appends lines such as {@code Channel
   * Pipeline: [...]} that mean nothing to a user and break one-line log messages.
   */
  private static String describe(Status status) {
    return status.getDescription() == null
        ? status.getCode().name()
        : status.getCode().name() + ": " + firstLine(status.getDescription());
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
