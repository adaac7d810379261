/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.mqtt.InboundMessage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one place where a QoS 1/2 message is acknowledged to MQTT: {@link #begin} when it enters the
 * pipeline, {@link Delivery#finish()} once Danube acknowledged it (or rejected it for good). The
 * client sends PUBACK/PUBREC in receive order by itself, so completions may arrive in any order.
 * {@link #awaitDrained} lets shutdown wait for the outstanding ones. Thread-safe.
 */
public final class DeliveryTracker {
  private final InFlightWindow window;
  private final ConnectorStats stats;
  private final Object lock = new Object();
  private int pending; // guarded by lock

  public DeliveryTracker(InFlightWindow window, ConnectorStats stats) {
    this.window = window;
    this.stats = stats;
  }

  /** Registers a received QoS 1/2 message that holds one window permit. */
  public Delivery begin(InboundMessage message) {
    synchronized (lock) {
      pending++;
    }
    stats.inFlightIncrement();
    return new Delivery(message);
  }

  /** QoS 1/2 messages received and not yet finished. */
  public int pending() {
    synchronized (lock) {
      return pending;
    }
  }

  /**
   * Waits until every registered delivery finished, at most {@code timeout}.
   *
   * @return true when drained, false on timeout
   */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** One QoS 1/2 message on its way to Danube. */
  public final class Delivery {
    private final InboundMessage message;
    private final AtomicBoolean finished = new AtomicBoolean();

    private Delivery(InboundMessage message) {
      this.message = message;
    }

    public InboundMessage message() {
      return message;
    }

    /**
     * Acknowledges the message to MQTT and frees its permit. Only the first call has an effect. Any
     * thread; never blocks.
     */
    public void finish() {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      message.ack().acknowledge();
      stats.inFlightDecrement();
      synchronized (lock) {
        pending--;
        if (pending == 0) {
          lock.notifyAll();
        }
      }
      window.release();
    }
  }
}
