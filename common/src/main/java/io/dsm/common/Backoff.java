/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential delay with "equal jitter": attempt {@code n} waits between half and all of {@code
 * min(max, initial * 2^n)}, so many clients restarted together do not retry in step.
 *
 * @param initial the first delay
 * @param max the largest delay
 */
public record Backoff(Duration initial, Duration max) {
  /** Reconnects to a broker: 0.5 s doubling up to 30 s. */
  public static final Backoff RECONNECT =
      new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, but was " + initial + " and " + max);
    }
  }

  /** The delay before attempt {@code attempt} (0-based), in milliseconds; at least 1. */
  public long delayMillis(int attempt) {
    long cap = max.toMillis();
    long base = initial.toMillis() << Math.min(Math.max(attempt, 0), 20);
    long ceiling = Math.max(1, Math.min(cap, base));
    long half = Math.max(1, ceiling / 2);
    return half + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling - half + 1));
  }
}
