/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import io.dsm.connector.mqtt.CreditSource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connector's bound on messages it holds: {@code max_in_flight} permits. The intake claims free
 * permits and requests that many messages from the MQTT client; each received message carries one
 * permit until it is done (acknowledged to MQTT, or handed to the QoS 0 buffer), then {@link
 * #release()} frees it. So at most {@code max_in_flight} messages are ever held, and when all
 * permits are taken the intake stops reading. Thread-safe.
 */
public final class InFlightWindow implements CreditSource {
  private final int capacity;
  private final AtomicInteger free;
  private volatile Runnable listener = () -> {};

  public InFlightWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("max_in_flight must be >= 1, but was " + capacity);
    }
    this.capacity = capacity;
    this.free = new AtomicInteger(capacity);
  }

  @Override
  public int claimAvailable() {
    return free.getAndSet(0);
  }

  @Override
  public void onCreditsFreed(Runnable listener) {
    this.listener = listener;
  }

  @Override
  public void giveBack(int credits) {
    if (credits <= 0) {
      return;
    }
    if (free.addAndGet(credits) > capacity) {
      free.addAndGet(-credits);
      throw new IllegalStateException("in-flight window got back more permits than it has");
    }
    listener.run();
  }

  /** Frees one permit and tells the intake. Any thread; never blocks. */
  public void release() {
    int now = free.incrementAndGet();
    if (now > capacity) {
      free.decrementAndGet();
      throw new IllegalStateException("in-flight window released more permits than it has");
    }
    listener.run();
  }

  public int capacity() {
    return capacity;
  }

  /** Permits not claimed by the intake. */
  public int free() {
    return free.get();
  }
}
