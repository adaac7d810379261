/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.StreamMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One subscription of a topic: its consumers and, on Reliable topics, its cursor and in-flight
 * window. Guarded by the owning {@link TopicState}'s monitor.
 *
 * <p>Exclusive and Failover deliver only to the first consumer ever added (Danube never promotes a
 * standby). Shared round-robins across usable consumers. KeyShared is delivered like Shared: the
 * testkit does not implement Danube's key hash ring.
 */
final class SubscriptionState {
  static final int EXCLUSIVE = 0;
  static final int SHARED = 1;
  static final int KEY_SHARED = 3;
  private static final long NEVER = Long.MAX_VALUE;

  final TopicState topic;
  final String name;
  final int type;
  final Map<String, ConsumerEntry> consumers = new LinkedHashMap<>();
  private int roundRobin;

  // Reliable state.
  long nextOffset;
  final TreeMap<Long, Pending> inFlight = new TreeMap<>();
  boolean blocked;

  SubscriptionState(TopicState topic, String name, int type, long startOffset) {
    this.topic = topic;
    this.name = name;
    this.type = type;
    this.nextOffset = startOffset;
  }

  private boolean isShared() {
    return type == SHARED || type == KEY_SHARED;
  }

  /** The consumer that should get the next message, or null when none can take it now. */
  ConsumerEntry pick(boolean needStream) {
    if (consumers.isEmpty()) {
      return null;
    }
    if (!isShared()) {
      ConsumerEntry first = consumers.values().iterator().next();
      return usable(first, needStream) ? first : null;
    }
    List<ConsumerEntry> all = new ArrayList<>(consumers.values());
    for (int i = 0; i < all.size(); i++) {
      ConsumerEntry candidate = all.get(Math.floorMod(roundRobin + i, all.size()));
      if (usable(candidate, needStream)) {
        roundRobin = Math.floorMod(roundRobin + i + 1, all.size());
        return candidate;
      }
    }
    return null;
  }

  private static boolean usable(ConsumerEntry c, boolean needStream) {
    return needStream ? c.hasStream() : c.active;
  }

  /** Non-reliable: hand over now or drop; never waits. */
  void dispatchNonReliable(StreamMessage message, int queueSize) {
    ConsumerEntry target = pick(false);
    if (target == null || target.buffer.size() >= queueSize) {
      return;
    }
    target.buffer.add(message);
    target.drain();
  }

  /** Reliable: redeliver what is due, then fill the window from the topic log. */
  void pump(BrokerSettings settings, long now) {
    if (consumers.isEmpty()) {
      return;
    }
    for (Pending p : inFlight.values()) {
      if (!p.exhausted && p.dueAt <= now) {
        ConsumerEntry target = pick(true);
        if (target == null) {
          return;
        }
        deliver(target, p, settings, now);
      }
    }
    if (blocked) {
      return;
    }
    while (inFlight.size() < settings.maxUnackedMessages() && nextOffset < topic.nextOffset()) {
      ConsumerEntry target = pick(true);
      if (target == null) {
        return;
      }
      Pending p = new Pending(topic.logEntry(nextOffset));
      inFlight.put(nextOffset, p);
      nextOffset++;
      deliver(target, p, settings, now);
    }
  }

  private void deliver(ConsumerEntry target, Pending p, BrokerSettings settings, long now) {
    p.deliveries++;
    p.consumerId = target.id;
    p.ackDeadline = now + settings.ackTimeout().toNanos();
    p.dueAt = NEVER;
    if (!target.send(p.message)) {
      // The stream vanished under us: try again at the next opportunity.
      p.ackDeadline = NEVER;
      p.dueAt = now;
    }
  }

  /** Timer: ack timeouts become scheduled redeliveries, or block the subscription when spent. */
  void tick(BrokerSettings settings, long now) {
    for (Pending p : inFlight.values()) {
      if (!p.exhausted && p.ackDeadline <= now) {
        p.ackDeadline = NEVER;
        scheduleRedelivery(p, settings, now, 0);
      }
    }
    pump(settings, now);
  }

  private void scheduleRedelivery(Pending p, BrokerSettings settings, long now, long minDelay) {
    if (p.deliveries > settings.maxRedeliveries()) {
      p.exhausted = true;
      blocked = true;
      return;
    }
    long delay = Math.max(settings.backoffNanos(p.deliveries), minDelay);
    p.dueAt = now + Math.min(delay, settings.backoffCap().toNanos());
  }

  /** Unknown, duplicate or late offsets are ignored, as Danube does. */
  void ack(long offset, BrokerSettings settings, long now) {
    Pending p = inFlight.get(offset);
    if (p == null || p.exhausted) {
      return;
    }
    inFlight.remove(offset);
    pump(settings, now);
  }

  void nack(long offset, long delayNanos, BrokerSettings settings, long now) {
    Pending p = inFlight.get(offset);
    if (p == null || p.exhausted || p.ackDeadline == NEVER) {
      return;
    }
    p.ackDeadline = NEVER;
    scheduleRedelivery(p, settings, now, delayNanos);
  }

  /** A consumer lost its stream: its unacked messages are due again at once. */
  void requeueFor(long consumerId, long now) {
    for (Pending p : inFlight.values()) {
      if (!p.exhausted && p.consumerId == consumerId && p.ackDeadline != NEVER) {
        p.ackDeadline = NEVER;
        p.dueAt = now;
      }
    }
  }

  /** Lowest offset this subscription may still need. */
  long lowestNeeded() {
    return inFlight.isEmpty() ? nextOffset : Math.min(nextOffset, inFlight.firstKey());
  }

  void removeAllConsumers(long now) {
    for (Iterator<ConsumerEntry> it = consumers.values().iterator(); it.hasNext(); ) {
      ConsumerEntry c = it.next();
      c.removed = true;
      c.active = false;
      c.completeStream();
      requeueFor(c.id, now);
      it.remove();
    }
  }

  /** One in-flight Reliable message. */
  static final class Pending {
    final StreamMessage message;
    int deliveries;
    long consumerId;
    long ackDeadline = NEVER;
    long dueAt = NEVER;
    boolean exhausted;

    Pending(StreamMessage message) {
      this.message = message;
    }
  }
}
