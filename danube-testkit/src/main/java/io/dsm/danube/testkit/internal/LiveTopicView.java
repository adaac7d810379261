/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.testkit.ProducerInfo;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.danube.testkit.TopicView;
import io.dsm.danube.testkit.ValidationPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A {@link TopicView} that reads the shared metadata at each call. */
final class LiveTopicView implements TopicView {
  private final ClusterState cluster;
  private final String name;

  LiveTopicView(ClusterState cluster, String name) {
    this.cluster = cluster;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean exists() {
    return cluster.topic(name) != null;
  }

  @Override
  public List<StoredMessage> messages() {
    TopicState t = cluster.topic(name);
    return t == null ? List.of() : t.messages();
  }

  @Override
  public long messageCount() {
    TopicState t = cluster.topic(name);
    return t == null ? 0 : t.messageCount();
  }

  @Override
  public List<ProducerInfo> producers() {
    TopicState t = cluster.topic(name);
    return t == null ? List.of() : t.producers();
  }

  @Override
  public Optional<DispatchStrategy> dispatchStrategy() {
    TopicState t = cluster.topic(name);
    if (t == null) {
      return Optional.empty();
    }
    return Optional.of(t.reliable() ? DispatchStrategy.Reliable : DispatchStrategy.NonReliable);
  }

  @Override
  public Optional<Integer> ownerBroker() {
    TopicState t = cluster.topic(name);
    return t == null ? Optional.empty() : Optional.of(t.owner());
  }

  @Override
  public Optional<String> schemaSubject() {
    TopicState t = cluster.topic(name);
    return t == null ? Optional.empty() : Optional.ofNullable(t.schemaSubject());
  }

  @Override
  public Optional<ValidationPolicy> validationPolicy() {
    TopicState t = cluster.topic(name);
    return t == null ? Optional.empty() : Optional.of(t.validationPolicy());
  }

  @Override
  public boolean payloadValidation() {
    TopicState t = cluster.topic(name);
    return t != null && t.payloadValidation();
  }

  @Override
  public List<String> subscriptions() {
    TopicState t = cluster.topic(name);
    return t == null ? List.of() : t.subscriptionNames();
  }

  @Override
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
