/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

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
public interface Faults {

  /**
   * The next {@code count} SendMessage calls (any topic) fail with this status, storing nothing.
   */
  Faults failNextSends(int count, Status.Code code, String description);

  /** Same as {@link #failNextSends(int, Status.Code, String)} with the code given by name. */
  default Faults failNextSends(int count, String codeName, String description) {
    return failNextSends(count, code(codeName), description);
  }

  /** The next {@code count} SendMessage calls whose {@code msg_id.topic_name} is {@code topic}. */
  Faults failNextSends(String topic, int count, Status.Code code, String description);

  default Faults failNextSends(String topic, int count, String codeName, String description) {
    return failNextSends(topic, count, code(codeName), description);
  }

  /** The next {@code count} TopicLookup calls (any topic) fail with this status. */
  Faults failNextLookups(int count, Status.Code code, String description);

  default Faults failNextLookups(int count, String codeName, String description) {
    return failNextLookups(count, code(codeName), description);
  }

  /** The next {@code count} CreateProducer calls (any topic) fail with this status. */
  Faults failNextCreateProducers(int count, Status.Code code, String description);

  default Faults failNextCreateProducers(int count, String codeName, String description) {
    return failNextCreateProducers(count, code(codeName), description);
  }

  /**
   * Stored messages are answered only after {@code delay} (the message is already stored and
   * dispatched; only the MessageResponse waits). {@link Duration#ZERO} turns it off.
   */
  Faults delaySendAcks(Duration delay);

  /**
   * Holds every SendMessage answer until {@link #releaseSends()}: the messages are stored (visible
   * in {@link TopicView}) but their producers get no answer yet. For ack-after-Danube tests.
   */
  Faults holdSends();

  /** Answers all held sends and stops holding; returns how many were released. */
  int releaseSends();

  /** How many SendMessage answers are currently held. */
  int heldSends();

  /**
   * Each SendMessage is processed after a random delay in [0, maxDelay], so concurrent sends are
   * stored out of order unless the client keeps them in order. {@link Duration#ZERO} turns it off.
   */
  Faults reorderSends(Duration maxDelay);

  /**
   * Unloads a topic: its producers and consumers are dropped (SendMessage then answers NOT_FOUND,
   * health checks CLOSE, consumer streams end normally); stored messages and Reliable cursors stay.
   * The topic stays on its broker, so the next CreateProducer/Subscribe re-creates clients. As in
   * Danube, the reloaded topic keeps only the schema settings persisted by the admin API.
   *
   * @throws IllegalArgumentException when the topic does not exist
   */
  Faults unloadTopic(String topic);

  /**
   * Moves a topic to broker {@code brokerIndex}: like {@link #unloadTopic}, and lookups then point
   * at the new owner while the old one answers UNAVAILABLE "served by another broker".
   *
   * @throws IllegalArgumentException when the topic does not exist or the index is out of range
   */
  Faults moveTopic(String topic, int brokerIndex);

  /**
   * Ends the open ReceiveMessages streams of {@code topic} (null = every topic) with UNAVAILABLE,
   * as a network cut would. The consumers stay registered but become inactive until they reopen a
   * stream; unacked Reliable messages are redelivered then. Returns how many streams were cut.
   */
  int cutConsumerStreams(String topic);

  /** Clears every rule, stops delays and reordering, and releases held sends. */
  void reset();

  /** A status code by name, case-insensitive, e.g. {@code "unavailable"}. */
  private static Status.Code code(String name) {
    try {
      return Status.Code.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Faults: '" + name + "' is not a gRPC status code name such as UNAVAILABLE", e);
    }
  }
}
