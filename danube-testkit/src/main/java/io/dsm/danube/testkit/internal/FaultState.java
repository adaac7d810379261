/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The fault plan shared by all brokers of a group ("fail the next N", after NATS' ExitAt). Thread
 * safe; every method is short and never blocks a transport thread.
 */
public final class FaultState {
  /** One "fail the next N" rule; {@code topic == null} matches every topic. */
  private static final class Rule {
    final String topic;
    int remaining;
    final Status status;

    Rule(String topic, int remaining, Status status) {
      this.topic = topic;
      this.remaining = remaining;
      this.status = status;
    }
  }

  private final ScheduledExecutorService timer;
  private final List<Rule> sendRules = new ArrayList<>();
  private final List<Rule> lookupRules = new ArrayList<>();
  private final List<Rule> createRules = new ArrayList<>();
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;
  private volatile long ackDelayNanos;
  private volatile long reorderMaxNanos;

  FaultState(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  public synchronized void failSends(String topic, int count, Status status) {
    sendRules.add(new Rule(topic, count, status));
  }

  public synchronized void failLookups(String topic, int count, Status status) {
    lookupRules.add(new Rule(topic, count, status));
  }

  public synchronized void failCreateProducers(String topic, int count, Status status) {
    createRules.add(new Rule(topic, count, status));
  }

  synchronized Status takeSendFailure(String topic) {
    return take(sendRules, topic);
  }

  synchronized Status takeLookupFailure(String topic) {
    return take(lookupRules, topic);
  }

  synchronized Status takeCreateFailure(String topic) {
    return take(createRules, topic);
  }

  private static Status take(List<Rule> rules, String topic) {
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      if (r.topic == null || r.topic.equals(topic)) {
        r.remaining--;
        if (r.remaining <= 0) {
          it.remove();
        }
        return r.status;
      }
    }
    return null;
  }

  public void delayAcks(long nanos) {
    ackDelayNanos = Math.max(0, nanos);
  }

  public void reorder(long maxNanos) {
    reorderMaxNanos = Math.max(0, maxNanos);
  }

  public synchronized void hold() {
    holding = true;
  }

  /** Stops holding and answers every held send; returns how many were released. */
  public int release() {
    List<Runnable> toRun;
    synchronized (this) {
      holding = false;
      toRun = new ArrayList<>(held);
      held.clear();
    }
    toRun.forEach(Runnable::run);
    return toRun.size();
  }

  public synchronized int heldCount() {
    return held.size();
  }

  /** Runs {@code work} at once, or after a random delay when reordering is on. */
  void arrive(Runnable work) {
    long max = reorderMaxNanos;
    if (max <= 0) {
      work.run();
    } else {
      timer.schedule(work, ThreadLocalRandom.current().nextLong(max + 1), TimeUnit.NANOSECONDS);
    }
  }

  /** Sends a SendMessage answer now, later, or when released. */
  void answer(Runnable reply) {
    synchronized (this) {
      if (holding) {
        held.add(reply);
        return;
      }
    }
    long delay = ackDelayNanos;
    if (delay <= 0) {
      reply.run();
    } else {
      timer.schedule(reply, delay, TimeUnit.NANOSECONDS);
    }
  }

  /** Clears every rule and releases held sends. */
  public void reset() {
    synchronized (this) {
      sendRules.clear();
      lookupRules.clear();
      createRules.clear();
    }
    ackDelayNanos = 0;
    reorderMaxNanos = 0;
    release();
  }
}
