/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import io.dsm.danube.proto.DispatchStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Read-only view of one topic, by name, for assertions. The topic need not exist yet: every method
 * reflects the state at the time of the call, and {@link #awaitMessages} also waits for the topic
 * to be created. Thread safe.
 */
public interface TopicView {

  String name();

  /** Whether the topic exists in the metadata (it was auto-created by a CreateProducer). */
  boolean exists();

  /** The retained messages in arrival order (all of them unless a retention limit was set). */
  List<StoredMessage> messages();

  /** How many messages were ever stored on this topic, retained or not. */
  long messageCount();

  /** Payloads of the retained messages, decoded as UTF-8. */
  default List<String> payloadsUtf8() {
    return messages().stream().map(StoredMessage::payloadUtf8).toList();
  }

  /** Producers registered on the topic now (unloads and broker stops remove them). */
  List<ProducerInfo> producers();

  default List<String> producerNames() {
    return producers().stream().map(ProducerInfo::name).toList();
  }

  /** The dispatch strategy fixed by the creating producer; empty when the topic does not exist. */
  Optional<DispatchStrategy> dispatchStrategy();

  /** Index of the broker that owns the topic; empty when it does not exist. */
  Optional<Integer> ownerBroker();

  /** The schema subject the topic was bound to by a producer, if any. */
  Optional<String> schemaSubject();

  /**
   * The topic's schema validation policy as the broker applies it now; empty when the topic does
   * not exist. {@link ValidationPolicy#WARN} until the admin API changes it, and again after an
   * unload, move or broker restart unless the admin API's ConfigureTopicSchema persisted it.
   */
  Optional<ValidationPolicy> validationPolicy();

  /** Whether payloads are validated against the schema (off unless the admin API turned it on). */
  boolean payloadValidation();

  List<String> subscriptions();

  /**
   * Waits until at least {@code count} messages were stored and returns the retained messages.
   *
   * @throws AssertionError naming the topic and the counts when the timeout passes first
   */
  List<StoredMessage> awaitMessages(int count, Duration timeout);
}
