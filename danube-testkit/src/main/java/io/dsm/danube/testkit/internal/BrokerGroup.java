/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.testkit.Faults;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.TopicView;
import io.dsm.danube.testkit.ValidationPolicy;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The broker group behind {@link InMemoryDanubeBroker}: one {@link ClusterState} shared by n {@link
 * BrokerNode}s, plus the schema registry every broker serves.
 */
public final class BrokerGroup implements InMemoryDanubeBroker {
  private final GroupConfig config;
  private final ClusterState cluster;
  private final List<BrokerNode> nodes = new ArrayList<>();
  private final FaultPlan faults;
  private boolean started;
  private boolean closed;

  public BrokerGroup(GroupConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.cluster = new ClusterState(config.settings());
    for (String namespace : config.bootstrapNamespaces()) {
      cluster.createNamespace(namespace);
    }
    this.faults = new FaultPlan(cluster);
  }

  @Override
  public synchronized InMemoryDanubeBroker start() {
    if (closed) {
      throw new IllegalStateException("InMemoryDanubeBroker: start() after close()");
    }
    if (started) {
      return this;
    }
    started = true;
    try {
      byte[] secret = config.jwtSecret();
      List<ServerInterceptor> interceptors =
          secret == null ? List.of() : List.of(new JwtAuthInterceptor(secret));
      for (int i = 0; i < config.brokers(); i++) {
        int port = config.port() == 0 ? 0 : config.port() + i;
        int adminPort = config.adminPort() == 0 ? 0 : config.adminPort() + i;
        BrokerNode node =
            new BrokerNode(
                cluster,
                i,
                config.bindHost(),
                port,
                adminPort,
                config.ssl(),
                config.adminSsl(),
                interceptors);
        nodes.add(node);
        node.start();
        String url =
            (config.ssl() == null ? "http://" : "https://")
                + config.advertisedHost()
                + ":"
                + node.port();
        cluster.setAddress(i, new NodeAddress(url, url));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  @Override
  public String brokerUrl(int index) {
    checkStarted();
    return cluster.address(checkIndex(index)).connectUrl();
  }

  @Override
  public void advertise(int index, String url) {
    checkStarted();
    cluster.setAddress(checkIndex(index), new NodeAddress(url, url));
  }

  @Override
  public List<String> brokerUrls() {
    checkStarted();
    return cluster.addresses().stream().map(NodeAddress::connectUrl).toList();
  }

  @Override
  public int port(int index) {
    checkStarted();
    return nodes.get(checkIndex(index)).port();
  }

  @Override
  public String adminUrl(int index) {
    checkStarted();
    return (config.adminSsl() == null ? "http://" : "https://")
        + config.advertisedHost()
        + ":"
        + nodes.get(checkIndex(index)).adminPort();
  }

  @Override
  public int adminPort(int index) {
    checkStarted();
    return nodes.get(checkIndex(index)).adminPort();
  }

  @Override
  public List<String> namespaces() {
    return cluster.namespaces().names();
  }

  @Override
  public int brokerCount() {
    return config.brokers();
  }

  @Override
  public Mode mode() {
    return config.mode();
  }

  @Override
  public boolean createNamespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    return cluster.createNamespace(namespace);
  }

  @Override
  public TopicView topic(String topic) {
    return new LiveTopicView(cluster, Objects.requireNonNull(topic, "topic"));
  }

  @Override
  public List<String> topics() {
    return cluster.topicNames();
  }

  @Override
  public void configureTopicSchema(
      String topic, String subject, ValidationPolicy policy, boolean payloadValidation) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(policy, "policy");
    if (!cluster.schemas().subjectExists(subject)) {
      throw new IllegalArgumentException(
          "Schema subject '"
              + subject
              + "' not found in registry: Schema metadata not found for subject: "
              + subject);
    }
    TopicState t = cluster.topic(topic);
    if (t == null) {
      throw new IllegalArgumentException("Topic '" + topic + "' not found on this broker");
    }
    t.configureSchema(subject, policy, payloadValidation);
  }

  @Override
  public Faults faults() {
    return faults;
  }

  @Override
  public void stopBroker(int index) {
    checkStarted();
    nodes.get(checkIndex(index)).stop();
  }

  @Override
  public void restartBroker(int index) {
    checkStarted();
    BrokerNode node = nodes.get(checkIndex(index));
    node.stop();
    node.start();
  }

  @Override
  public boolean isRunning(int index) {
    checkStarted();
    return nodes.get(checkIndex(index)).running();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (BrokerNode node : nodes) {
      node.stop();
    }
    cluster.close();
  }

  private void checkStarted() {
    if (!started) {
      throw new IllegalStateException("InMemoryDanubeBroker: call start() first");
    }
  }

  private int checkIndex(int index) {
    if (index < 0 || index >= config.brokers()) {
      throw new IllegalArgumentException(
          "broker index " + index + " is not in [0, " + config.brokers() + ")");
    }
    return index;
  }

  @Override
  public String toString() {
    return "InMemoryDanubeBroker[" + config.brokers() + " broker(s), " + config.mode() + "]";
  }
}
