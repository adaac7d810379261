/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import io.dsm.danube.testkit.internal.ClusterState;
import io.dsm.danube.testkit.internal.FaultState;
import io.dsm.danube.testkit.internal.TopicState;
import io.grpc.Status;
import java.time.Duration;
import java.util.Locale;

/**
 * Fault plan of a broker group, modelled on "fail the next N" (NATS' ExitAt). Every method is
 * thread safe and takes effect for the next calls; {@link #reset()} clears all of it (the JUnit
 * extension resets after each test).
 *
 * <p>Status codes can be given as {@link Status.Code} or, for modules that must not import io.grpc,
 * by name ({@code "UNAVAILABLE"}).
 */
public final class Faults {
  private final ClusterState cluster;
  private final FaultState state;

  Faults(ClusterState cluster) {
    this.cluster = cluster;
    this.state = cluster.faults();
  }

  private static Status status(Status.Code code, String description) {
    return Status.fromCode(code).withDescription(description);
  }

  private static Status.Code code(String name) {
    try {
      return Status.Code.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Faults: '" + name + "' is not a gRPC status code name such as UNAVAILABLE", e);
    }
  }

  private static void checkCount(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("Faults: count must be at least 1, but was " + count);
    }
  }

  /**
   * The next {@code count} SendMessage calls (any topic) fail with this status, storing nothing.
   */
  public Faults failNextSends(int count, Status.Code code, String description) {
    checkCount(count);
    state.failSends(null, count, status(code, description));
    return this;
  }

  /** Same as {@link #failNextSends(int, Status.Code, String)} with the code given by name. */
  public Faults failNextSends(int count, String codeName, String description) {
    return failNextSends(count, code(codeName), description);
  }

  /** The next {@code count} SendMessage calls whose {@code msg_id.topic_name} is {@code topic}. */
  public Faults failNextSends(String topic, int count, Status.Code code, String description) {
    checkCount(count);
    state.failSends(topic, count, status(code, description));
    return this;
  }

  public Faults failNextSends(String topic, int count, String codeName, String description) {
    return failNextSends(topic, count, code(codeName), description);
  }

  /** The next {@code count} TopicLookup calls (any topic) fail with this status. */
  public Faults failNextLookups(int count, Status.Code code, String description) {
    checkCount(count);
    state.failLookups(null, count, status(code, description));
    return this;
  }

  public Faults failNextLookups(int count, String codeName, String description) {
    return failNextLookups(count, code(codeName), description);
  }

  /** The next {@code count} CreateProducer calls (any topic) fail with this status. */
  public Faults failNextCreateProducers(int count, Status.Code code, String description) {
    checkCount(count);
    state.failCreateProducers(null, count, status(code, description));
    return this;
  }

  public Faults failNextCreateProducers(int count, String codeName, String description) {
    return failNextCreateProducers(count, code(codeName), description);
  }

  /**
   * Stored messages are answered only after {@code delay} (the message is already stored and
   * dispatched; only the MessageResponse waits). {@link Duration#ZERO} turns it off.
   */
  public Faults delaySendAcks(Duration delay) {
    state.delayAcks(delay.toNanos());
    return this;
  }

  /**
   * Holds every SendMessage answer until {@link #releaseSends()}: the messages are stored (visible
   * in {@link TopicView}) but their producers get no answer yet. For ack-after-Danube tests.
   */
  public Faults holdSends() {
    state.hold();
    return this;
  }

  /** Answers all held sends and stops holding; returns how many were released. */
  public int releaseSends() {
    return state.release();
  }

  /** How many SendMessage answers are currently held. */
  public int heldSends() {
    return state.heldCount();
  }

  /**
   * Each SendMessage is processed after a random delay in [0, maxDelay], so concurrent sends are
   * stored out of order unless the client keeps them in order. {@link Duration#ZERO} turns it off.
   */
  public Faults reorderSends(Duration maxDelay) {
    state.reorder(maxDelay.toNanos());
    return this;
  }

  /**
   * Unloads a topic: its producers and consumers are dropped (SendMessage then answers NOT_FOUND,
   * health checks CLOSE, consumer streams end normally); stored messages and Reliable cursors stay.
   * The topic stays on its broker, so the next CreateProducer/Subscribe re-creates clients.
   */
  public Faults unloadTopic(String topic) {
    TopicState t = requireTopic(topic, "unloadTopic");
    cluster.moveTopic(topic, t.owner());
    return this;
  }

  /**
   * Moves a topic to broker {@code brokerIndex}: like {@link #unloadTopic}, and lookups then point
   * at the new owner while the old one answers UNAVAILABLE "served by another broker".
   */
  public Faults moveTopic(String topic, int brokerIndex) {
    requireTopic(topic, "moveTopic");
    cluster.moveTopic(topic, brokerIndex);
    return this;
  }

  /**
   * Ends the open ReceiveMessages streams of {@code topic} (null = every topic) with UNAVAILABLE,
   * as a network cut would. The consumers stay registered but become inactive until they reopen a
   * stream; unacked Reliable messages are redelivered then. Returns how many streams were cut.
   */
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

  /** Clears every rule, stops delays and reordering, and releases held sends. */
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
