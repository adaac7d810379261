/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a recurring problem at most once per interval, with the number of occurrences suppressed
 * since the last line, so a flood of failures cannot flood the log. Thread-safe.
 */
final class RateLimitedLog {
  private final Logger log;
  private final Clock clock;
  private final long intervalMillis;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger log, Clock clock, Duration interval) {
    this.log = log;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /** Logs at WARN unless a line was logged within the interval; returns whether it logged. */
  boolean warn(String format, Object... args) {
    long now = clock.millis();
    long allowed = nextAllowed.get();
    if (now < allowed || !nextAllowed.compareAndSet(allowed, now + intervalMillis)) {
      suppressed.incrementAndGet();
      return false;
    }
    long skipped = suppressed.getAndSet(0);
    if (skipped > 0) {
      log.warn(format + " ({} similar messages suppressed)", append(args, skipped));
    } else {
      log.warn(format, args);
    }
    return true;
  }

  private static Object[] append(Object[] args, long value) {
    Object[] all = new Object[args.length + 1];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = value;
    return all;
  }
}
