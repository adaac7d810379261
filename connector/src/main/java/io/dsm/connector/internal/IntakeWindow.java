/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import io.dsm.connector.health.PipelineBacklog;
import io.dsm.mqtt.client.InboundFlowControl;
import io.dsm.mqtt.client.InboundPublish;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The one owner of what the connector holds between MQTT and Danube, and the only place a message
 * is acknowledged to MQTT.
 *
 * <ul>
 *   <li><b>Admission</b> (the MQTT client asks on its I/O thread before it decodes a PUBLISH): a
 *       QoS 1/2 message is taken while fewer than {@code maxMessages} are held and their payloads
 *       stay within {@code maxBytes} (a single larger message is taken when nothing else is held).
 *       Otherwise the client stops reading the socket until enough was {@linkplain #finish
 *       finished}: reading resumes once the window is down to three quarters, so a full window does
 *       not toggle reading for every message. QoS 0 messages are always taken; whether they fit is
 *       decided by {@link #tryTakeQos0} (at-most-once: a full buffer drops them).
 *   <li><b>Finishing</b> ({@link #finish}): the message is acknowledged to MQTT (the client sends
 *       PUBACK/PUBREC in receive order) and its capacity comes back.
 *   <li><b>Draining</b> ({@link #stop} then {@link #awaitDrained}): no more admission; waits until
 *       every admitted message was finished.
 *   <li><b>Progress</b>: when a message last finished, for liveness ({@link #stalledNanos}).
 * </ul>
 *
 * Thread-safe: admission on the MQTT I/O thread, finishing on {@code danube-io}, reads anywhere.
 * One small lock; nothing blocks under it.
 */
public final class IntakeWindow implements InboundFlowControl, PipelineBacklog {
  private final int maxMessages;
  private final long maxBytes;
  private final int qos0Capacity;
  private final long qos0MaxBytes;
  private final LongSupplier nanoTime;
  private final int resumeMessages;
  private final long resumeBytes;

  private final Object lock = new Object();
  private int messages; // guarded by lock
  private long bytes; // guarded by lock
  private int qos0; // guarded by lock
  private long qos0Bytes; // guarded by lock
  private boolean stopped; // guarded by lock
  private Runnable waiter; // guarded by lock
  private volatile long maxSeen;
  private volatile long lastProgressNanos;

  /**
   * @param maxMessages most QoS 1/2 messages held ({@code MAX_IN_FLIGHT})
   * @param maxBytes most payload bytes of those ({@code MAX_IN_FLIGHT_BYTES})
   * @param qos0Capacity most QoS 0 messages waiting for Danube ({@code QOS0_BUFFER})
   * @param nanoTime the monotonic clock
   */
  public IntakeWindow(int maxMessages, long maxBytes, int qos0Capacity, LongSupplier nanoTime) {
    if (maxMessages < 1) {
      throw new IllegalArgumentException("max_in_flight must be >= 1, but was " + maxMessages);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max_in_flight_bytes must be >= 1, but was " + maxBytes);
    }
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.qos0Capacity = qos0Capacity;
    this.qos0MaxBytes = maxBytes;
    this.nanoTime = nanoTime;
    this.resumeMessages = maxMessages - Math.max(1, maxMessages / 4);
    this.resumeBytes = maxBytes - maxBytes / 4;
    this.lastProgressNanos = nanoTime.getAsLong();
  }

  // ---- admission (MQTT I/O thread) -----------------------------------------------------------

  @Override
  public boolean tryAdmit(int qos, int payloadBytes) {
    synchronized (lock) {
      if (stopped) {
        return false;
      }
      if (qos == 0) {
        return true;
      }
      if (messages > 0 && (messages >= maxMessages || bytes + payloadBytes > maxBytes)) {
        return false;
      }
      if (messages == 0 && qos0 == 0) {
        lastProgressNanos = nanoTime.getAsLong(); // waiting starts now; idle time is no stall
      }
      messages++;
      bytes += payloadBytes;
      if (messages > maxSeen) {
        maxSeen = messages;
      }
      return true;
    }
  }

  @Override
  public void release(int qos, int payloadBytes) {
    if (qos > 0) {
      giveBack(payloadBytes, false);
    }
  }

  @Override
  public void onAdmissionPossible(Runnable callback) {
    boolean now;
    synchronized (lock) {
      now = !stopped && hasRoom();
      if (!now) {
        waiter = callback;
      }
    }
    if (now) {
      callback.run();
    }
  }

  private boolean hasRoom() {
    return messages == 0 || (messages <= resumeMessages && bytes <= resumeBytes);
  }

  // ---- finishing (danube-io) -----------------------------------------------------------------

  /**
   * Acknowledges a QoS 1/2 message to MQTT (Danube stored it, or it is given up for good) and gives
   * its capacity back. Call once per admitted message; a QoS 0 message only gives nothing back
   * here.
   */
  public void finish(InboundPublish message) {
    if (message.qos() == 0) {
      return;
    }
    message.acknowledge();
    giveBack(message.admittedBytes(), true);
  }

  /**
   * Gives a QoS 1/2 message's capacity back without acknowledging it: the connector stops before
   * Danube stored it, so the broker must redeliver it.
   */
  public void abandon(InboundPublish message) {
    if (message.qos() > 0) {
      giveBack(message.admittedBytes(), false);
    }
  }

  private void giveBack(int payloadBytes, boolean progress) {
    Runnable wake = null;
    synchronized (lock) {
      messages--;
      bytes -= payloadBytes;
      if (progress) {
        lastProgressNanos = nanoTime.getAsLong();
      }
      if (waiter != null && !stopped && hasRoom()) {
        wake = waiter;
        waiter = null;
      }
      if (messages == 0) {
        lock.notifyAll();
      }
    }
    if (wake != null) {
      wake.run();
    }
  }

  /**
   * Takes a place in the QoS 0 buffer for a message of {@code payloadBytes}; false when the buffer
   * is full (the message is to be dropped).
   */
  public boolean tryTakeQos0(int payloadBytes) {
    synchronized (lock) {
      if (qos0 >= qos0Capacity || (qos0 > 0 && qos0Bytes + payloadBytes > qos0MaxBytes)) {
        return false;
      }
      if (messages == 0 && qos0 == 0) {
        lastProgressNanos = nanoTime.getAsLong();
      }
      qos0++;
      qos0Bytes += payloadBytes;
      return true;
    }
  }

  /** Danube answered a QoS 0 message (stored or failed). */
  public void releaseQos0(int payloadBytes) {
    synchronized (lock) {
      qos0--;
      qos0Bytes -= payloadBytes;
      lastProgressNanos = nanoTime.getAsLong();
    }
  }

  // ---- shutdown ------------------------------------------------------------------------------

  /**
   * Admits nothing more: the MQTT client stops reading; what it has not delivered stays unacked.
   */
  public void stop() {
    synchronized (lock) {
      stopped = true;
      waiter = null;
    }
  }

  /**
   * Waits until every admitted QoS 1/2 message was finished or abandoned, at most {@code timeout}.
   *
   * @return true when drained
   */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (messages > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  // ---- reading -------------------------------------------------------------------------------

  @Override
  public long inFlight() {
    synchronized (lock) {
      return messages;
    }
  }

  @Override
  public long inFlightBytes() {
    synchronized (lock) {
      return bytes;
    }
  }

  @Override
  public long maxInFlightSeen() {
    return maxSeen;
  }

  @Override
  public long qos0Outstanding() {
    synchronized (lock) {
      return qos0;
    }
  }

  @Override
  public long stalledNanos() {
    synchronized (lock) {
      if (messages == 0 && qos0 == 0) {
        return 0;
      }
    }
    return Math.max(0, nanoTime.getAsLong() - lastProgressNanos);
  }

  /** The most QoS 1/2 messages held. */
  public int maxMessages() {
    return maxMessages;
  }
}
