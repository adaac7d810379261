/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives load through N sending connections, one thread each ({@code bench-publisher-<i>}).
 *
 * <p><b>Fixed rate (open loop):</b> message k of the whole run is <em>intended</em> to be sent at
 * {@code start + k / rate}; connection i sends messages i, i+N, i+2N, ... Its payload carries that
 * intended time, and latency is measured from it, so when anything stalls (the broker, the
 * connector, this generator) every message scheduled meanwhile shows the delay: coordinated
 * omission cannot hide it.
 *
 * <p><b>Max rate (closed loop):</b> each connection sends as fast as the end-to-end window allows;
 * the intended time is the actual send time.
 *
 * <p>In both modes a message takes a permit of the end-to-end window before it is sent (released by
 * the {@link ArrivalRecorder} at its first arrival). At a fixed rate this only bounds memory if the
 * system falls far behind; the schedule (and therefore the latency) keeps running.
 */
public final class LoadGenerator {
  private static final long WINDOW_WAIT_SECONDS = 5;

  private final List<MessageSender> senders;
  private volatile long endNanos;
  private final TopicLayout topics;
  private final int payloadSize;
  private final double ratePerSecond;
  private final Semaphore window;
  private final AtomicLong nextSeq = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final AtomicLong windowTimeouts = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile Throwable firstError;

  /**
   * @param ratePerSecond messages per second over all connections, or 0 for max rate
   */
  public LoadGenerator(
      List<MessageSender> senders,
      TopicLayout topics,
      int payloadSize,
      double ratePerSecond,
      Semaphore window) {
    this.senders = List.copyOf(senders);
    this.topics = topics;
    this.payloadSize = payloadSize;
    this.ratePerSecond = ratePerSecond;
    this.window = window;
  }

  /** Starts sending at {@code startNanos} and stops before {@code endNanos}. */
  public void start(long startNanos, long endNanos) {
    this.endNanos = endNanos;
    int n = senders.size();
    for (int i = 0; i < n; i++) {
      int index = i;
      Thread t = new Thread(() -> run(index, n, startNanos), "bench-publisher-" + index);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Moves the end of the schedule (the measured window started later than planned). */
  public void endAt(long newEndNanos) {
    this.endNanos = newEndNanos;
  }

  private void run(int index, int n, long startNanos) {
    MessageSender sender = senders.get(index);
    double periodNanos = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
    for (long k = index; ; k += n) {
      long intended;
      if (periodNanos > 0) {
        intended = startNanos + (long) (k * periodNanos);
        if (intended >= endNanos) { // volatile read: the end may have moved
          return;
        }
        long wait = intended - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        acquirePermit();
      } else {
        acquirePermit();
        intended = System.nanoTime();
        if (intended >= endNanos) {
          window.release();
          return;
        }
      }
      long seq = nextSeq.getAndIncrement();
      int topic = (int) (seq % topics.size());
      byte[] payload = PayloadCodec.encode(seq, intended, topic, payloadSize);
      sent.incrementAndGet();
      try {
        sender
            .send(topics.topic(topic), payload)
            .whenComplete(
                (ok, error) -> {
                  if (error != null) {
                    sendErrors.incrementAndGet();
                    if (firstError == null) {
                      firstError = error;
                    }
                  }
                });
      } catch (RuntimeException e) {
        sendErrors.incrementAndGet();
        if (firstError == null) {
          firstError = e;
        }
      }
    }
  }

  private void acquirePermit() {
    try {
      if (!window.tryAcquire(WINDOW_WAIT_SECONDS, TimeUnit.SECONDS)) {
        // Lost messages (QoS 0) never return their permit; keep going rather than deadlock.
        windowTimeouts.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every sending thread has finished its schedule. */
  public void awaitDone() throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
  }

  public long sent() {
    return sent.get();
  }

  public long sendErrors() {
    return sendErrors.get();
  }

  public long windowTimeouts() {
    return windowTimeouts.get();
  }

  public Throwable firstError() {
    return firstError;
  }
}
