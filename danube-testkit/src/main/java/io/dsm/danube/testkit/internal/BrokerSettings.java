/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import java.time.Duration;

/**
 * Immutable behaviour settings shared by every broker of one testkit group.
 *
 * @param standalone true: a creating CreateProducer succeeds at once; false (cluster): it answers
 *     UNAVAILABLE and the retry succeeds
 * @param autoCreateTopics whether CreateProducer may create topics
 * @param maxMessageSize payload limit in bytes, 0 = unlimited
 * @param maxUnackedMessages Reliable window per subscription
 * @param ackTimeout Reliable ack timeout before redelivery
 * @param backoffBase first redelivery backoff (doubles per attempt)
 * @param backoffCap largest redelivery delay
 * @param maxRedeliveries redeliveries before the subscription blocks
 * @param consumerQueueSize Non-reliable per-consumer buffer; a full buffer drops messages
 * @param retainedMessagesPerTopic how many messages each {@code TopicView} keeps for assertions
 */
public record BrokerSettings(
    boolean standalone,
    boolean autoCreateTopics,
    long maxMessageSize,
    int maxUnackedMessages,
    Duration ackTimeout,
    Duration backoffBase,
    Duration backoffCap,
    int maxRedeliveries,
    int consumerQueueSize,
    int retainedMessagesPerTopic) {

  /** Backoff before redelivery number {@code attempt} (1-based): base * 2^(attempt-1), capped. */
  public long backoffNanos(int attempt) {
    long base = backoffBase.toNanos();
    long cap = backoffCap.toNanos();
    int shift = Math.max(0, Math.min(attempt - 1, 30));
    long value = base << shift;
    if (value < 0 || (shift > 0 && (value >> shift) != base)) {
      return cap;
    }
    return Math.min(value, cap);
  }

  /** How often the redelivery timer looks for due work: fine enough for short test timings. */
  public long tickNanos() {
    long finest = Math.min(ackTimeout.toNanos(), backoffBase.toNanos()) / 5;
    return Math.max(
        Duration.ofMillis(2).toNanos(), Math.min(finest, Duration.ofMillis(500).toNanos()));
  }
}
