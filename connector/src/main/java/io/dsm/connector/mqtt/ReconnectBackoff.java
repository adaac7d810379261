/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delay with "equal jitter": attempt {@code n} waits between half and all of
 * {@code min(max, initial * 2^n)}, so many connectors restarted together do not reconnect in step.
 *
 * @param initial the first delay
 * @param max the largest delay
 */
public record ReconnectBackoff(Duration initial, Duration max) {
  public static final ReconnectBackoff DEFAULT =
      new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  /** The delay before reconnect attempt {@code attempt} (0-based), in milliseconds. */
  public long delayMillis(int attempt) {
    long cap = max.toMillis();
    long base = initial.toMillis() << Math.min(Math.max(attempt, 0), 20);
    long ceiling = Math.max(1, Math.min(cap, base));
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
