/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.testkit.Faults;
import io.grpc.Status;
import java.time.Duration;

/** The {@link Faults} of one broker group, over its shared {@link FaultState}. */
final class FaultPlan implements Faults {
  private final ClusterState cluster;
  private final FaultState state;

  FaultPlan(ClusterState cluster) {
    this.cluster = cluster;
    this.state = cluster.faults();
  }

  private static Status status(Status.Code code, String description) {
    return Status.fromCode(code).withDescription(description);
  }

  private static void checkCount(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("Faults: count must be at least 1, but was " + count);
    }
  }

  @Override
  public Faults failNextSends(int count, Status.Code code, String description) {
    return failNextSends(null, count, code, description); // a null topic: any topic
  }

  @Override
  public Faults failNextSends(String topic, int count, Status.Code code, String description) {
    checkCount(count);
    state.failSends(topic, count, status(code, description));
    return this;
  }

  @Override
  public Faults failNextLookups(int count, Status.Code code, String description) {
    checkCount(count);
    state.failLookups(null, count, status(code, description));
    return this;
  }

  @Override
  public Faults failNextCreateProducers(int count, Status.Code code, String description) {
    checkCount(count);
    state.failCreateProducers(null, count, status(code, description));
    return this;
  }

  @Override
  public Faults delaySendAcks(Duration delay) {
    state.delayAcks(delay.toNanos());
    return this;
  }

  @Override
  public Faults holdSends() {
    state.hold();
    return this;
  }

  @Override
  public int releaseSends() {
    return state.release();
  }

  @Override
  public int heldSends() {
    return state.heldCount();
  }

  @Override
  public Faults reorderSends(Duration maxDelay) {
    state.reorder(maxDelay.toNanos());
    return this;
  }

  @Override
  public Faults unloadTopic(String topic) {
    TopicState t = requireTopic(topic, "unloadTopic");
    cluster.moveTopic(topic, t.owner());
    return this;
  }

  @Override
  public Faults moveTopic(String topic, int brokerIndex) {
    requireTopic(topic, "moveTopic");
    cluster.moveTopic(topic, brokerIndex);
    return this;
  }

  @Override
  public int cutConsumerStreams(String topic) {
    Status cut = Status.UNAVAILABLE.withDescription("danube-testkit fault: consumer stream cut");
    int count = 0;
    for (String name : cluster.topicNames()) {
      if (topic == null || topic.equals(name)) {
        TopicState t = cluster.topic(name);
        if (t != null) {
          count += t.cutStreams(cut);
        }
      }
    }
    return count;
  }

  @Override
  public void reset() {
    state.reset();
  }

  private TopicState requireTopic(String topic, String what) {
    TopicState t = cluster.topic(topic);
    if (t == null) {
      throw new IllegalArgumentException("Faults." + what + ": unknown topic " + topic);
    }
    return t;
  }
}
