/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Feeds every message the testkit broker stores into an {@link ArrivalRecorder}, with the testkit's
 * own arrival time (taken when the broker received the SendMessage call, on this JVM's clock). One
 * thread, {@code bench-danube-arrivals}, polls every topic of the broker.
 *
 * <p>The testkit keeps only the latest messages of each topic (the bench sets a retention limit so
 * that memory stays bounded); the poller finds where it left off by object identity of the last
 * message it saw. If that message was already evicted, the messages in between could not be
 * checked: they are counted in {@link #unobserved()} (they will also show as lost), which only
 * happens when polling falls far behind.
 */
public final class DanubeArrivalPoller implements AutoCloseable {
  /**
   * Every poll copies the retained messages of each topic that changed, so poll at a steady pace
   * rather than spin: that copy, not the checks, would otherwise dominate the bench JVM's
   * allocation (and its GC pauses would show up as latency).
   */
  private static final long POLL_INTERVAL_NANOS = 2_000_000;

  private final InMemoryDanubeBroker broker;
  private final ArrivalRecorder recorder;
  private final Map<String, TopicCursor> cursors = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long unobserved;
  private volatile long observed;

  private static final class TopicCursor {
    StoredMessage last;
    long seen;
  }

  public DanubeArrivalPoller(InMemoryDanubeBroker broker, ArrivalRecorder recorder) {
    this.broker = broker;
    this.recorder = recorder;
    this.thread = new Thread(this::loop, "bench-danube-arrivals");
    this.thread.setDaemon(true);
  }

  public DanubeArrivalPoller start() {
    thread.start();
    return this;
  }

  private void loop() {
    while (running) {
      long started = System.nanoTime();
      pollOnce();
      long left = POLL_INTERVAL_NANOS - (System.nanoTime() - started);
      if (left > 0) {
        LockSupport.parkNanos(left);
      }
    }
  }

  /** Processes what arrived since the last poll; returns how many messages that was. */
  private int pollOnce() {
    int processed = 0;
    for (String name : broker.topics()) {
      TopicCursor cursor = cursors.computeIfAbsent(name, n -> new TopicCursor());
      long count = broker.topic(name).messageCount();
      if (count == cursor.seen) {
        continue;
      }
      List<StoredMessage> retained = broker.topic(name).messages();
      int from = -1;
      if (cursor.last != null) {
        for (int i = retained.size() - 1; i >= 0; i--) {
          if (retained.get(i) == cursor.last) {
            from = i + 1;
            break;
          }
        }
      }
      if (from < 0) {
        // First poll of the topic, or the last message seen was already evicted: everything
        // stored between it and the oldest retained message could not be checked.
        from = 0;
        unobserved += Math.max(0, count - cursor.seen - retained.size());
        cursor.seen += Math.max(0, count - cursor.seen - retained.size());
      }
      for (int i = from; i < retained.size(); i++) {
        StoredMessage m = retained.get(i);
        recorder.onArrival(m.payload(), m.routingKey(), m.arrivalNanos());
      }
      processed += retained.size() - from;
      cursor.seen += retained.size() - from;
      if (!retained.isEmpty()) {
        cursor.last = retained.get(retained.size() - 1);
      }
    }
    observed += processed;
    return processed;
  }

  /** Messages stored but evicted before this poller could check them. */
  public long unobserved() {
    return unobserved;
  }

  public long observed() {
    return observed;
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
