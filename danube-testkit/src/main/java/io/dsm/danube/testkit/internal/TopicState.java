/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.ConsumerRequest;
import io.dsm.danube.proto.ProducerAccessMode;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.StreamMessage;
import io.dsm.danube.testkit.ProducerInfo;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.danube.testkit.ValidationPolicy;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one topic holds. All mutable state is guarded by this object's monitor; gRPC handlers
 * run on transport threads and only ever hold it briefly (no blocking inside).
 */
public final class TopicState {
  private final ClusterState cluster;
  private final String name;
  private final boolean reliable;
  private final long maxMessageSize;
  private int owner;
  private final TopicSchemaContext schema = new TopicSchemaContext();

  private final Map<String, ProducerEntry> producersByName = new LinkedHashMap<>();
  private final Map<Long, ProducerEntry> producersById = new LinkedHashMap<>();
  private final Map<String, SubscriptionState> subscriptions = new LinkedHashMap<>();

  private final ArrayDeque<StoredMessage> retained = new ArrayDeque<>();
  private long storedCount;

  // Reliable log: entry i has offset logBase + i.
  private final ArrayList<StreamMessage> log = new ArrayList<>();
  private long logBase;
  private long nextOffset;

  TopicState(ClusterState cluster, String name, boolean reliable, int owner, long maxMessageSize) {
    this.cluster = cluster;
    this.name = name;
    this.reliable = reliable;
    this.owner = owner;
    this.maxMessageSize = maxMessageSize;
  }

  public String name() {
    return name;
  }

  public boolean reliable() {
    return reliable;
  }

  /** Payload limit from the namespace's policies; 0 = unlimited. */
  long maxMessageSize() {
    return maxMessageSize;
  }

  public synchronized int owner() {
    return owner;
  }

  synchronized void setOwner(int node) {
    owner = node;
  }

  public synchronized String schemaSubject() {
    return schema.subject();
  }

  public synchronized ValidationPolicy validationPolicy() {
    return schema.policy();
  }

  public synchronized boolean payloadValidation() {
    return schema.payloadValidation();
  }

  /** ConfigureTopicSchema on this topic (the subject is known to exist). */
  synchronized void configureSchema(String subject, ValidationPolicy policy, boolean payload) {
    schema.configure(subject, policy, payload);
  }

  /**
   * UpdateTopicValidationPolicy on this topic: applies the settings and returns whether they could
   * be persisted (false without a subject; they stay applied in memory all the same, as in Danube).
   */
  synchronized boolean updateValidationPolicy(ValidationPolicy policy, boolean payload) {
    return schema.updatePolicy(policy, payload);
  }

  long nextOffset() {
    return nextOffset;
  }

  StreamMessage logEntry(long offset) {
    return log.get((int) (offset - logBase));
  }

  // ------------------------------------------------------------------ producers

  synchronized ProducerEntry registerProducer(ProducerRequest req, int node, boolean justCreated) {
    if (owner != node) {
      throw Statuses.servedElsewhere();
    }
    int strategy = req.getDispatchStrategyValue();
    if ((strategy == 0 || strategy == 1) && (strategy == 1) != reliable) {
      throw Statuses.of(
          Status.Code.FAILED_PRECONDITION,
          "Producer requested dispatch strategy does not match topic strategy");
    }
    // Danube's standalone mode does not assign the subject on the creating call (section 8.3).
    if (req.hasSchemaRef() && !justCreated) {
      String subject = req.getSchemaRef().getSubject();
      String current = schema.subject();
      if (current != null && !current.equals(subject)) {
        throw Statuses.of(
            Status.Code.FAILED_PRECONDITION,
            "Topic '"
                + name
                + "' uses schema subject '"
                + current
                + "', cannot use '"
                + subject
                + "'. Only admin can change topic schema.");
      }
      if (current == null) {
        if (!cluster.schemas().subjectExists(subject)) {
          throw Statuses.of(
              Status.Code.FAILED_PRECONDITION,
              "Failed to assign schema '"
                  + subject
                  + "' to topic '"
                  + name
                  + "': "
                  + TopicSchemaContext.subjectNotFound(subject)
                  + ". Ensure schema is registered first.");
        }
        schema.assignSubject(subject);
      }
    }
    ProducerEntry existing = producersByName.get(req.getProducerName());
    if (existing != null) {
      return existing;
    }
    long id = cluster.newProducerId();
    ProducerEntry entry =
        new ProducerEntry(
            id,
            req.getProducerName(),
            this,
            node,
            req.getProducerAccessMode() == ProducerAccessMode.Exclusive);
    producersByName.put(entry.name(), entry);
    producersById.put(id, entry);
    cluster.registerProducer(entry);
    return entry;
  }

  synchronized boolean hasProducer(long id) {
    return producersById.containsKey(id);
  }

  // ------------------------------------------------------------------ publishing

  /** Stores and dispatches one message; throws the status Danube would answer instead. */
  synchronized void publish(StreamMessage message, int node, long arrivalNanos) {
    if (owner != node) {
      throw publishDenied("Topic " + name + " not found in registry");
    }
    String schemaProblem = schema.validate(message, name, cluster.schemas());
    if (schemaProblem != null) {
      throw publishDenied(schemaProblem);
    }
    long producerId = message.getMsgId().getProducerId();
    if (!producersById.containsKey(producerId)) {
      throw publishDenied(
          "the producer with id "
              + Statuses.id(producerId)
              + " is not attached to topic name: "
              + name);
    }
    StreamMessage stored = message;
    if (reliable) {
      long offset = nextOffset++;
      stored =
          message.toBuilder()
              .setMsgId(message.getMsgId().toBuilder().setTopicOffset(offset))
              .build();
      log.add(stored);
    }
    retain(stored, arrivalNanos);
    BrokerSettings settings = cluster.settings();
    if (reliable) {
      long now = System.nanoTime();
      for (SubscriptionState sub : subscriptions.values()) {
        sub.pump(settings, now);
      }
      trimLog();
    } else {
      for (SubscriptionState sub : subscriptions.values()) {
        sub.dispatchNonReliable(stored, settings.consumerQueueSize());
      }
    }
  }

  private static StatusRuntimeException publishDenied(String reason) {
    return Statuses.of(Status.Code.PERMISSION_DENIED, "Unable to publish the message: " + reason);
  }

  private void retain(StreamMessage m, long arrivalNanos) {
    storedCount++;
    int limit = cluster.settings().retainedMessagesPerTopic();
    if (limit <= 0) {
      notifyAll();
      return;
    }
    if (retained.size() >= limit) {
      retained.pollFirst();
    }
    retained.addLast(
        new StoredMessage(
            m.getMsgId().getTopicName(),
            m.getMsgId().getTopicOffset(),
            m.getMsgId().getProducerId(),
            m.getProducerName(),
            m.getRequestId(),
            m.getPublishTime(),
            m.getPayload().toByteArray(),
            m.getAttributesMap(),
            m.hasRoutingKey() ? m.getRoutingKey() : null,
            m.hasSchemaId() ? m.getSchemaId() : null,
            m.hasSchemaVersion() ? m.getSchemaVersion() : null,
            arrivalNanos));
    notifyAll();
  }

  private void trimLog() {
    long lowest = nextOffset;
    for (SubscriptionState sub : subscriptions.values()) {
      lowest = Math.min(lowest, sub.lowestNeeded());
    }
    int drop = (int) (lowest - logBase);
    // Compact in chunks: removing from the front of an ArrayList is linear.
    if (drop > 0 && (drop >= 1024 || drop == log.size())) {
      log.subList(0, drop).clear();
      logBase = lowest;
    }
  }

  // ------------------------------------------------------------------ consumers

  synchronized ConsumerEntry subscribe(ConsumerRequest req, int node) {
    if (owner != node) {
      throw Statuses.servedElsewhere();
    }
    long now = System.nanoTime();
    SubscriptionState sub = subscriptions.get(req.getSubscription());
    if (sub != null) {
      ConsumerEntry existing = sub.consumers.get(req.getConsumerName());
      if (existing != null) {
        existing.completeStream();
        existing.active = true;
        if (reliable) {
          sub.requeueFor(existing.id, now);
        }
        return existing;
      }
      if (sub.type == SubscriptionState.EXCLUSIVE && !sub.consumers.isEmpty()) {
        throw Statuses.of(
            Status.Code.PERMISSION_DENIED,
            "Not able to subscribe to the topic "
                + name
                + " due to Not allowed to add the Consumer: "
                + req.getConsumerName()
                + ", the Exclusive subscription can't be shared with other consumers");
      }
    } else {
      sub =
          new SubscriptionState(
              this, req.getSubscription(), req.getSubscriptionTypeValue(), nextOffset);
      subscriptions.put(sub.name, sub);
    }
    ConsumerEntry consumer =
        new ConsumerEntry(cluster.newConsumerId(), req.getConsumerName(), sub, node);
    sub.consumers.put(consumer.name, consumer);
    cluster.registerConsumer(consumer);
    return consumer;
  }

  /**
   * A ReceiveMessages call opened (or took over) the consumer's stream. Taking over a live stream
   * only ends the old one, as Danube's session takeover does: what was sent on it stays pending
   * until its ack timeout. Only a disconnect or a re-subscribe makes pending messages due at once.
   */
  synchronized void attachStream(ConsumerEntry c, ServerCallStreamObserver<StreamMessage> stream) {
    if (c.removed) {
      stream.onCompleted();
      return;
    }
    if (c.stream != null && c.stream != stream) {
      c.completeStream();
    }
    c.stream = stream;
    c.active = true;
    c.drain();
    if (reliable) {
      c.subscription.pump(cluster.settings(), System.nanoTime());
    }
  }

  synchronized void onReady(ConsumerEntry c, ServerCallStreamObserver<StreamMessage> stream) {
    if (c.stream == stream) {
      c.drain();
    }
  }

  /** The client went away (or cancelled): the consumer stays registered but becomes inactive. */
  synchronized void streamClosed(ConsumerEntry c, ServerCallStreamObserver<StreamMessage> stream) {
    if (c.stream != stream) {
      return;
    }
    c.stream = null;
    c.active = false;
    if (reliable) {
      long now = System.nanoTime();
      c.subscription.requeueFor(c.id, now);
      c.subscription.pump(cluster.settings(), now);
    }
  }

  /** Fault: end consumer streams with an error, as a network cut would. */
  public synchronized int cutStreams(Status status) {
    int cut = 0;
    long now = System.nanoTime();
    for (SubscriptionState sub : subscriptions.values()) {
      for (ConsumerEntry c : sub.consumers.values()) {
        if (c.stream != null) {
          ServerCallStreamObserver<StreamMessage> s = c.stream;
          c.stream = null;
          c.active = false;
          try {
            s.onError(status.asRuntimeException());
          } catch (RuntimeException ignored) {
            // Already closed by the client.
          }
          if (reliable) {
            sub.requeueFor(c.id, now);
          }
          cut++;
        }
      }
    }
    return cut;
  }

  /** Returns false when the subscription does not exist. */
  synchronized boolean ack(String subscription, long offset) {
    SubscriptionState sub = subscriptions.get(subscription);
    if (sub == null) {
      return false;
    }
    if (reliable) {
      sub.ack(offset, cluster.settings(), System.nanoTime());
      trimLog();
    }
    return true;
  }

  synchronized boolean nack(String subscription, long offset, long delayMs) {
    SubscriptionState sub = subscriptions.get(subscription);
    if (sub == null) {
      return false;
    }
    if (reliable) {
      long delayNanos = Duration.ofMillis(Math.max(0, delayMs)).toNanos();
      sub.nack(offset, delayNanos, cluster.settings(), System.nanoTime());
    }
    return true;
  }

  synchronized void tick(long now) {
    if (!reliable) {
      return;
    }
    for (SubscriptionState sub : subscriptions.values()) {
      sub.tick(cluster.settings(), now);
    }
    trimLog();
  }

  /**
   * Drops every producer and consumer (unload, move, broker stop); messages and cursors stay. The
   * topic is reloaded as Danube reloads it: its schema settings come back only as the admin API
   * persisted them.
   */
  synchronized void dropClients() {
    schema.reload();
    for (ProducerEntry p : producersById.values()) {
      cluster.unregisterProducer(p.id());
    }
    producersById.clear();
    producersByName.clear();
    long now = System.nanoTime();
    for (SubscriptionState sub : subscriptions.values()) {
      for (ConsumerEntry c : sub.consumers.values()) {
        cluster.unregisterConsumer(c.id);
      }
      sub.removeAllConsumers(now);
    }
  }

  // ------------------------------------------------------------------ views

  public synchronized List<StoredMessage> messages() {
    return List.copyOf(retained);
  }

  public synchronized long messageCount() {
    return storedCount;
  }

  public synchronized List<ProducerInfo> producers() {
    List<ProducerInfo> out = new ArrayList<>();
    for (ProducerEntry p : producersById.values()) {
      out.add(new ProducerInfo(p.id(), p.name(), p.exclusive(), p.node()));
    }
    return out;
  }

  public synchronized List<String> subscriptionNames() {
    return List.copyOf(subscriptions.keySet());
  }

  /** Waits until at least {@code count} messages were stored; false on timeout. */
  public synchronized boolean awaitCount(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (storedCount < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long millis = Math.max(1, left / 1_000_000);
      wait(millis);
    }
    return true;
  }
}
