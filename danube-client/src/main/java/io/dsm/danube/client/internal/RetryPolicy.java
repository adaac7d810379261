/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.grpc.Status;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What to do after a failed RPC, and how long to wait before the next attempt.
 *
 * <p>Classification (by status code, and for two codes by the broker's message text, because Danube
 * attaches no error details):
 *
 * <ul>
 *   <li>{@link Action#RETRY}: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED,
 *       CANCELLED (transient; back off and try again on the same registration).
 *   <li>{@link Action#RECONNECT}: the registration is gone; look the topic up again and recreate
 *       the producer (or resubscribe), then resend: NOT_FOUND "... does not exist" (producer or
 *       consumer id unknown after an unload/move), PERMISSION_DENIED "... draining or closed ..." /
 *       "moved" / "Topic ... not found in registry".
 *   <li>{@link Action#FAIL}: everything else, e.g. INVALID_ARGUMENT (oversize), PERMISSION_DENIED
 *       "Schema ID ... not found", FAILED_PRECONDITION, ALREADY_EXISTS, UNAUTHENTICATED,
 *       OUT_OF_RANGE, NOT_FOUND for an unknown topic, INTERNAL, UNKNOWN. Retrying cannot help. Also
 *       a failed TLS handshake (an untrusted or expired certificate, a hostname mismatch, a
 *       rejected client certificate), although gRPC reports it as UNAVAILABLE "io exception": the
 *       next handshake with the same certificates fails the same way.
 * </ul>
 *
 * <p>Backoff for attempt {@code n} (0-based) is {@code base * (n + 1)}, capped at {@code max}, then
 * jittered uniformly in {@code [half, full]}. Callers stop when the next delay would overrun the
 * budget.
 */
final class RetryPolicy {

  enum Action {
    RETRY,
    RECONNECT,
    FAIL
  }

  private final long baseNanos;
  private final long maxNanos;
  private final long budgetNanos;
  private final DoubleSupplier random;

  RetryPolicy(Duration base, Duration max, Duration budget) {
    this(base, max, budget, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Visible for tests: {@code random} returns values in [0, 1). */
  RetryPolicy(Duration base, Duration max, Duration budget, DoubleSupplier random) {
    this.baseNanos = Math.max(1, base.toNanos());
    this.maxNanos = Math.max(this.baseNanos, max.toNanos());
    this.budgetNanos = budget.toNanos();
    this.random = random;
  }

  long budgetNanos() {
    return budgetNanos;
  }

  /** Jittered delay before retry number {@code attempt} (0 for the first retry). */
  long backoffNanos(int attempt) {
    long n = Math.max(0, attempt) + 1L;
    long full = baseNanos > maxNanos / n ? maxNanos : Math.min(maxNanos, baseNanos * n);
    long half = full / 2;
    return half + (long) ((full - half) * random.getAsDouble());
  }

  static Action classify(Throwable error) {
    Throwable t = StatusMapper.unwrap(error);
    if (tlsFailure(t) != null) {
      return Action.FAIL;
    }
    Status status = Status.fromThrowable(t);
    return classify(status.getCode(), status.getDescription());
  }

  /**
   * The TLS handshake or certificate failure in {@code error}'s cause chain, or {@code null}. A
   * handshake that timed out or was cut off by the peer closing the connection is not one: that is
   * a network problem (e.g. a broker restarting) and worth retrying.
   */
  static Throwable tlsFailure(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof java.security.cert.CertificateException) {
        return t;
      }
      if (t instanceof javax.net.ssl.SSLException) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        boolean transientCut =
            t.getClass().getSimpleName().contains("Timeout")
                || m.contains("timed out")
                || m.contains("terminated the handshake")
                || m.contains("connection reset")
                || m.contains("closed");
        return transientCut ? null : t;
      }
    }
    return null;
  }

  static Action classify(Status.Code code, String description) {
    String text = description == null ? "" : description.toLowerCase(Locale.ROOT);
    switch (code) {
      case RESOURCE_EXHAUSTED:
        // grpc-java servers (and proxies) reject an oversized request with RESOURCE_EXHAUSTED
        // "gRPC message exceeds maximum size": resending the same bytes cannot help.
        return text.contains("exceeds maximum") || text.contains("too large")
            ? Action.FAIL
            : Action.RETRY;
      case UNAVAILABLE:
        // Danube answers a topic in a namespace that does not exist with UNAVAILABLE, although
        // only an administrator creating the namespace can help: retrying just hides the cause.
        return text.contains("unable to find the namespace") ? Action.FAIL : Action.RETRY;
      case DEADLINE_EXCEEDED:
      case ABORTED:
      case CANCELLED:
        return Action.RETRY;
      case NOT_FOUND:
        return text.contains("does not exist") ? Action.RECONNECT : Action.FAIL;
      case PERMISSION_DENIED:
        if (text.contains("schema id")) {
          return Action.FAIL;
        }
        if (text.contains("draining")
            || text.contains("moved")
            || (text.contains("topic") && text.contains("not found in registry"))) {
          return Action.RECONNECT;
        }
        return Action.FAIL;
      default:
        return Action.FAIL;
    }
  }
}
