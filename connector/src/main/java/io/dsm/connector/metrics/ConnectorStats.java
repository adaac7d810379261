/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connector's counters, kept as plain atomics so the pipeline does not depend on a metrics
 * library; the observability layer exports them (names in the seed's {@code danube_connector_*}
 * family). Thread-safe: every method may be called from any thread.
 */
public final class ConnectorStats {
  private final LongAdder received = new LongAdder();
  private final LongAdder processed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder unrouted = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong maxInFlightSeen = new AtomicLong();

  /** A message arrived from MQTT (any QoS, routed or not). */
  public void recordReceived() {
    received.increment();
  }

  /** Danube acknowledged a message. */
  public void recordProcessed() {
    processed.increment();
  }

  /** Danube rejected a message permanently (or a QoS 0 send failed). */
  public void recordFailed() {
    failed.increment();
  }

  /** A QoS 0 message was dropped because its buffer was full. */
  public void recordDropped() {
    dropped.increment();
  }

  /** No route matched the message's topic. */
  public void recordUnrouted() {
    unrouted.increment();
  }

  /** A send was scheduled again after a retriable failure. */
  public void recordRetried() {
    retried.increment();
  }

  /** A QoS 1/2 message entered the in-flight window. */
  public void inFlightIncrement() {
    long now = inFlight.incrementAndGet();
    maxInFlightSeen.accumulateAndGet(now, Math::max);
  }

  /** A QoS 1/2 message left the in-flight window. */
  public void inFlightDecrement() {
    inFlight.decrementAndGet();
  }

  public long received() {
    return received.sum();
  }

  public long processed() {
    return processed.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public long unrouted() {
    return unrouted.sum();
  }

  public long retried() {
    return retried.sum();
  }

  /** QoS 1/2 messages received and not yet acknowledged to MQTT. */
  public long inFlight() {
    return inFlight.get();
  }

  /** The highest {@link #inFlight()} ever reached; lets tests prove the window held. */
  public long maxInFlightSeen() {
    return maxInFlightSeen.get();
  }

  /** An immutable snapshot for logs and the exporter. */
  public Snapshot snapshot() {
    return new Snapshot(
        received(), processed(), failed(), dropped(), unrouted(), retried(), inFlight());
  }

  /** Point-in-time values of every counter. */
  public record Snapshot(
      long received,
      long processed,
      long failed,
      long dropped,
      long unrouted,
      long retried,
      long inFlight) {}
}
