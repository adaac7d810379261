/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The metadata all brokers of one group share (Danube keeps it in its Raft store): namespaces,
 * topics and their owners, and the producer/consumer registries.
 *
 * <p>Threads: one daemon timer thread, {@code danube-testkit-timer}, runs redelivery checks and
 * delayed fault answers.
 */
public final class ClusterState implements AutoCloseable {
  private final BrokerSettings settings;
  private final NamespaceMetadata namespaces = new NamespaceMetadata();
  private final ConcurrentSkipListMap<String, TopicState> topics = new ConcurrentSkipListMap<>();
  private final Map<Long, ProducerEntry> producers = new ConcurrentHashMap<>();
  private final Map<Long, ConsumerEntry> consumers = new ConcurrentHashMap<>();
  private final List<NodeAddress> addresses = new ArrayList<>();
  private final Set<Integer> running = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;
  private final FaultState faults;
  private final SchemaStore schemas = new SchemaStore();
  private int nextAssignee;

  public ClusterState(BrokerSettings settings) {
    this.settings = settings;
    createNamespace("default");
    createNamespace("system");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "danube-testkit-timer");
              t.setDaemon(true);
              return t;
            });
    this.faults = new FaultState(timer);
    long tick = settings.tickNanos();
    timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
  }

  public BrokerSettings settings() {
    return settings;
  }

  public FaultState faults() {
    return faults;
  }

  /** The group's schema registry: Danube's is cluster-wide. */
  public SchemaStore schemas() {
    return schemas;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  // ------------------------------------------------------------------ brokers

  public synchronized void setAddress(int node, NodeAddress address) {
    while (addresses.size() <= node) {
      addresses.add(null);
    }
    addresses.set(node, address);
  }

  public synchronized NodeAddress address(int node) {
    return addresses.get(node);
  }

  public synchronized List<NodeAddress> addresses() {
    return List.copyOf(addresses);
  }

  public void markRunning(int node, boolean isRunning) {
    if (isRunning) {
      running.add(node);
    } else {
      running.remove(node);
    }
  }

  /** A broker stopped: it forgets its producers and consumers, as a restarted process would. */
  public void dropClientsOf(int node) {
    for (TopicState t : topics.values()) {
      if (t.owner() == node) {
        t.dropClients();
      }
    }
  }

  // ------------------------------------------------------------------ namespaces and topics

  /**
   * Creates a namespace as Danube's start-up does for {@code default}, {@code system} and {@code
   * bootstrap_namespaces}: with the broker's policies. False if it existed.
   */
  public boolean createNamespace(String namespace) {
    return namespaces.createIfAbsent(
        namespace, new NamespaceMetadata.NamespacePolicies(settings.maxMessageSize()));
  }

  public boolean namespaceExists(String namespace) {
    return namespaces.exists(namespace);
  }

  /** The namespace part of the metadata, as the admin API sees it. */
  NamespaceMetadata namespaces() {
    return namespaces;
  }

  public TopicState topic(String name) {
    return topics.get(name);
  }

  public List<String> topicNames() {
    return List.copyOf(topics.keySet());
  }

  /** Waits for a topic to be created; null when it still does not exist at the deadline. */
  public synchronized TopicState awaitTopic(String name, long deadlineNanos)
      throws InterruptedException {
    TopicState t;
    while ((t = topics.get(name)) == null) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return t;
  }

  /** Exact topic, else every topic starting with {@code prefix}, in lexicographic order. */
  public List<String> partitions(String prefix) {
    if (topics.containsKey(prefix)) {
      return List.of(prefix);
    }
    List<String> out = new ArrayList<>();
    for (String key : topics.tailMap(prefix, true).keySet()) {
      if (!key.startsWith(prefix)) {
        break;
      }
      out.add(key);
    }
    return out;
  }

  /**
   * Creates topic metadata as Danube's {@code create_on_cluster} does, in the same check order.
   * Cluster mode assigns new topics round-robin over running brokers; standalone mode gives them to
   * the broker that received the create.
   */
  synchronized TopicState createTopic(String name, int strategy, int receivingNode) {
    if (strategy != 0 && strategy != 1) {
      throw Statuses.of(Status.Code.INVALID_ARGUMENT, "Dispatch strategy is missing");
    }
    String ns = TopicNames.namespaceOf(name);
    if (!namespaces.exists(ns)) {
      throw Statuses.of(
          Status.Code.UNAVAILABLE,
          "Unable to find the namespace "
              + ns
              + ", the topic can be created only for an exisiting namespace");
    }
    if (topics.containsKey(name)) {
      throw Statuses.of(Status.Code.ALREADY_EXISTS, "Topic '" + name + "' already exists");
    }
    int cut = name.lastIndexOf("-part-");
    if (cut >= 0) {
      String base = name.substring(0, cut);
      if (topics.containsKey(base)) {
        throw Statuses.of(
            Status.Code.ALREADY_EXISTS,
            "Cannot create partitioned topic '"
                + name
                + "': a non-partitioned topic '"
                + base
                + "' already exists. Delete the non-partitioned topic first.");
      }
    } else {
      List<String> existing = partitions(name);
      if (!existing.isEmpty()) {
        throw Statuses.of(
            Status.Code.ALREADY_EXISTS,
            "Cannot create topic '"
                + name
                + "': partitioned topics with this base name already exist (found "
                + existing.size()
                + " partitions). Delete the partitioned topics first.");
      }
    }
    int owner = settings.standalone() ? receivingNode : nextOwner(receivingNode);
    // Danube reads the payload limit from the namespace's policies when it loads the topic.
    long maxMessageSize = namespaces.policies(ns).maxMessageSize();
    TopicState topic = new TopicState(this, name, strategy == 1, owner, maxMessageSize);
    topics.put(name, topic);
    namespaces.addTopic(name);
    notifyAll();
    return topic;
  }

  private int nextOwner(int fallback) {
    int n = addresses.size();
    for (int i = 0; i < n; i++) {
      int candidate = Math.floorMod(nextAssignee + i, n);
      if (running.contains(candidate)) {
        nextAssignee = candidate + 1;
        return candidate;
      }
    }
    return fallback;
  }

  /** Unloads a topic (drops its clients) and gives it to {@code node}. */
  public void moveTopic(String name, int node) {
    TopicState t = topics.get(name);
    if (t == null) {
      throw new IllegalArgumentException("moveTopic: unknown topic " + name);
    }
    if (node < 0 || node >= addresses.size()) {
      throw new IllegalArgumentException(
          "moveTopic: broker index " + node + " is not in [0, " + addresses.size() + ")");
    }
    synchronized (t) {
      t.dropClients();
      t.setOwner(node);
    }
  }

  // ------------------------------------------------------------------ registries

  long newProducerId() {
    return uniqueId(producers);
  }

  long newConsumerId() {
    return uniqueId(consumers);
  }

  // Danube draws ids uniformly over the whole u64 range; about half are negative as Java longs.
  private static long uniqueId(Map<Long, ?> taken) {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0 || taken.containsKey(id));
    return id;
  }

  void registerProducer(ProducerEntry p) {
    producers.put(p.id(), p);
  }

  void unregisterProducer(long id) {
    producers.remove(id);
  }

  ProducerEntry producer(long id) {
    return producers.get(id);
  }

  void registerConsumer(ConsumerEntry c) {
    consumers.put(c.id, c);
  }

  void unregisterConsumer(long id) {
    consumers.remove(id);
  }

  ConsumerEntry consumer(long id) {
    return consumers.get(id);
  }

  private void tick() {
    long now = System.nanoTime();
    for (TopicState t : topics.values()) {
      if (t.reliable()) {
        try {
          t.tick(now);
        } catch (RuntimeException e) {
          // A failing topic must not stop redelivery for all the others (the timer would die).
          System.err.println("danube-testkit: redelivery check failed for " + t.name() + ": " + e);
        }
      }
    }
  }

  @Override
  public void close() {
    faults.reset();
    timer.shutdownNow();
  }
}
