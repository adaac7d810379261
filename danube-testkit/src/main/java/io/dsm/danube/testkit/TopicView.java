/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.testkit.internal.ClusterState;
import io.dsm.danube.testkit.internal.TopicState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Read-only view of one topic, by name, for assertions. The topic need not exist yet: every method
 * reflects the state at the time of the call, and {@link #awaitMessages} also waits for the topic
 * to be created.
 */
public final class TopicView {
  private final ClusterState cluster;
  private final String name;

  TopicView(ClusterState cluster, String name) {
    this.cluster = cluster;
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Whether the topic exists in the metadata (it was auto-created by a CreateProducer). */
  public boolean exists() {
    return cluster.topic(name) != null;
  }

  /** The retained messages in arrival order (all of them unless a retention limit was set). */
  public List<StoredMessage> messages() {
    TopicState t = cluster.topic(name);
    return t == null ? List.of() : t.messages();
  }

  /** How many messages were ever stored on this topic, retained or not. */
  public long messageCount() {
    TopicState t = cluster.topic(name);
    return t == null ? 0 : t.messageCount();
  }

  /** Payloads of the retained messages, decoded as UTF-8. */
  public List<String> payloadsUtf8() {
    return messages().stream().map(StoredMessage::payloadUtf8).toList();
  }

  /** Producers registered on the topic now (unloads and broker stops remove them). */
  public List<ProducerInfo> producers() {
    TopicState t = cluster.topic(name);
    return t == null ? List.of() : t.producers();
  }

  public List<String> producerNames() {
    return producers().stream().map(ProducerInfo::name).toList();
  }

  /** The dispatch strategy fixed by the creating producer; empty when the topic does not exist. */
  public Optional<DispatchStrategy> dispatchStrategy() {
    TopicState t = cluster.topic(name);
    if (t == null) {
      return Optional.empty();
    }
    return Optional.of(t.reliable() ? DispatchStrategy.Reliable : DispatchStrategy.NonReliable);
  }

  /** Index of the broker that owns the topic; empty when it does not exist. */
  public Optional<Integer> ownerBroker() {
    TopicState t = cluster.topic(name);
    return t == null ? Optional.empty() : Optional.of(t.owner());
  }

  /** The schema subject the topic was bound to by a producer, if any. */
  public Optional<String> schemaSubject() {
    TopicState t = cluster.topic(name);
    return t == null ? Optional.empty() : Optional.ofNullable(t.schemaSubject());
  }

  public List<String> subscriptions() {
    TopicState t = cluster.topic(name);
    return t == null ? List.of() : t.subscriptionNames();
  }

  /**
   * Waits until at least {@code count} messages were stored and returns the retained messages.
   *
   * @throws AssertionError naming the topic and the counts when the timeout passes first
   */
  public List<StoredMessage> awaitMessages(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      TopicState t = cluster.awaitTopic(name, deadline);
      if (t == null) {
        throw new AssertionError(
            "topic "
                + name
                + " was not created within "
                + timeout
                + " (expected "
                + count
                + " messages)");
      }
      long left = Math.max(0, deadline - System.nanoTime());
      if (!t.awaitCount(count, Duration.ofNanos(left))) {
        throw new AssertionError(
            "topic "
                + name
                + " holds "
                + t.messageCount()
                + " messages after "
                + timeout
                + ", expected at least "
                + count);
      }
      return t.messages();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for messages on " + name, e);
    }
  }

  @Override
  public String toString() {
    return "TopicView[" + name + ", " + messageCount() + " messages]";
  }
}
