/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory broker group that speaks Danube v0.15.1's client gRPC protocol over real TCP.
 *
 * <p><b>TEST DOUBLE AND DEMO AID ONLY. NOT A PRODUCTION BROKER:</b> nothing is persisted, nothing
 * is secured by default, and memory grows with every stored message.
 *
 * <p>Behaviour follows {@code shared/danube-protocol.md}: cluster semantics by default (the first
 * CreateProducer on a new topic answers UNAVAILABLE and the retry succeeds), a standalone switch,
 * one or more brokers sharing metadata (each topic is owned by one broker; new topics are assigned
 * round-robin over the running brokers in cluster mode, to the receiving broker in standalone
 * mode).
 *
 * <pre>{@code
 * try (InMemoryDanubeBroker broker = InMemoryDanubeBroker.builder().start()) {
 *   String url = broker.serviceUrl();           // http://127.0.0.1:<free port>
 *   ... run the client ...
 *   broker.topic("/default/events").awaitMessages(3, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Threads: gRPC transport threads (grpc-netty-shaded, handlers run on them directly) and one
 * daemon {@code danube-testkit-timer}. Every method is thread safe.
 */
public interface InMemoryDanubeBroker extends AutoCloseable {

  /** How topic auto-creation looks to a client (protocol section 2.2). */
  enum Mode {
    /** Danube's default: the creating CreateProducer answers UNAVAILABLE, the retry succeeds. */
    CLUSTER,
    /** The creating CreateProducer succeeds at once. */
    STANDALONE
  }

  static Builder builder() {
    return new Builder();
  }

  /** Starts every broker; returns this. Idempotent; fails after {@link #close()}. */
  InMemoryDanubeBroker start();

  /** The URL clients are configured with: broker 0's, e.g. {@code http://127.0.0.1:6650}. */
  default String serviceUrl() {
    return brokerUrl(0);
  }

  /** Broker {@code index}'s URL (what lookups return as connect_url and broker_url). */
  String brokerUrl(int index);

  List<String> brokerUrls();

  /**
   * From now on, lookups name {@code url} as broker {@code index}'s address, e.g. a TCP proxy in
   * front of it that a fault test can delay, black-hole or cut. The broker keeps listening where it
   * does; only what clients are told changes.
   */
  void advertise(int index, String url);

  /** Broker {@code index}'s TCP port. */
  int port(int index);

  /**
   * The admin API's URL (Danube's admin port, 50051 by default there): broker 0's, e.g. {@code
   * http://127.0.0.1:50051}. It serves {@code danube_admin.BrokerAdmin/ListNamespaces}, {@code
   * danube_admin.NamespaceAdmin} and the schema registry.
   */
  default String adminUrl() {
    return adminUrl(0);
  }

  /** Broker {@code index}'s admin URL ({@code https://} with {@link Builder#adminTls}). */
  String adminUrl(int index);

  /** Broker {@code index}'s admin TCP port. */
  int adminPort(int index);

  int brokerCount();

  Mode mode();

  /**
   * Creates a namespace directly in the metadata, as Danube's {@code bootstrap_namespaces} does at
   * start (with the broker's policies, so {@link Builder#maxMessageSize} applies to its topics);
   * false if it existed. Clients use the admin API's CreateNamespace instead, see {@link
   * #adminUrl()}.
   */
  boolean createNamespace(String namespace);

  /** The namespaces that exist now, sorted. */
  List<String> namespaces();

  /** A live read-only view of {@code topic}, which need not exist yet. */
  TopicView topic(String topic);

  /** Every topic's name, sorted. */
  List<String> topics();

  /**
   * Does what the schema registry's admin RPC {@code ConfigureTopicSchema} does on the topic's
   * broker (Danube's way of setting a topic's subject and validation policy): binds {@code
   * subject}, sets the policy and payload validation, and persists them, so they survive an unload,
   * a move or a broker restart. Over gRPC, clients call {@code
   * danube_schema.SchemaRegistry/ConfigureTopicSchema} on either port.
   *
   * @throws IllegalArgumentException with Danube's reason when the subject is not registered or the
   *     topic does not exist
   */
  void configureTopicSchema(
      String topic, String subject, ValidationPolicy policy, boolean payloadValidation);

  Faults faults();

  /**
   * Stops broker {@code index} (its port closes). It forgets its producers and consumers; its
   * topics stay assigned to it, so lookups keep pointing there until it restarts.
   */
  void stopBroker(int index);

  /** Starts a stopped broker again on the same port. */
  void restartBroker(int index);

  boolean isRunning(int index);

  /** Stops every broker and the timer. Idempotent. */
  @Override
  void close();

  /** Settings of a broker group; every setter validates and names the setting on error. */
  final class Builder {
    int port;
    int adminPort;
    boolean adminTls;
    final List<String> namespaces = new ArrayList<>();
    Mode mode = Mode.CLUSTER;
    int brokers = 1;
    long maxMessageSize = 10L * 1024 * 1024;
    boolean autoCreateTopics = true;
    int maxUnackedMessages = 10;
    Duration ackTimeout = Duration.ofSeconds(30);
    Duration backoffBase = Duration.ofSeconds(1);
    Duration backoffCap = Duration.ofSeconds(60);
    int maxRedeliveries = 5;
    int consumerQueueSize = 4;
    int retainedMessagesPerTopic = Integer.MAX_VALUE;
    String bindHost = "127.0.0.1";
    String advertisedHost;
    TlsServerConfig tls;
    byte[] jwtSecret;

    private Builder() {}

    /** TCP port of broker 0 (broker i gets port + i); 0 (the default) picks free ports. */
    public Builder port(int port) {
      this.port = checkPort(port, "port");
      return this;
    }

    /**
     * Admin port of broker 0 (broker i gets adminPort + i); 0 (the default) picks free ports.
     * Danube's default is 50051.
     */
    public Builder adminPort(int port) {
      this.adminPort = checkPort(port, "adminPort");
      return this;
    }

    /**
     * Serves the admin port over TLS too (server-only, with the {@link #tls} certificate), as
     * Danube's {@code admin_tls: true}; off by default, as in Danube. Needs {@link #tls}.
     */
    public Builder adminTls(boolean enabled) {
      this.adminTls = enabled;
      return this;
    }

    /**
     * A namespace to create at start, besides {@code default} and {@code system}, like an entry of
     * Danube's {@code bootstrap_namespaces}; repeatable. Topics can only be created in existing
     * namespaces.
     *
     * @throws IllegalArgumentException when the name is empty or has a character other than
     *     letters, digits, '_' or '-' (such a namespace could never hold a topic)
     */
    public Builder namespace(String name) {
      Objects.requireNonNull(name, "namespace");
      if (name.isEmpty() || !name.codePoints().allMatch(Builder::namespaceChar)) {
        throw new IllegalArgumentException(
            "namespace '"
                + name
                + "' is not a Danube namespace name: use letters, digits, '_' or '-'");
      }
      if (!namespaces.contains(name)) {
        namespaces.add(name);
      }
      return this;
    }

    private static boolean namespaceChar(int c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Number of brokers sharing metadata (default 1). */
    public Builder brokers(int count) {
      if (count < 1 || count > 64) {
        throw new IllegalArgumentException("brokers must be in [1, 64], but was " + count);
      }
      this.brokers = count;
      return this;
    }

    /** Payload limit in bytes (default 10 MiB, Danube's cluster config); 0 = unlimited. */
    public Builder maxMessageSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxMessageSize must be >= 0, but was " + bytes);
      }
      this.maxMessageSize = bytes;
      return this;
    }

    /** Whether CreateProducer may create topics (default true, as Danube). */
    public Builder autoCreateTopics(boolean enabled) {
      this.autoCreateTopics = enabled;
      return this;
    }

    /** Reliable window per subscription (default 10). */
    public Builder maxUnackedMessages(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("maxUnackedMessages must be >= 1, but was " + count);
      }
      this.maxUnackedMessages = count;
      return this;
    }

    /** Reliable ack timeout before a redelivery is scheduled (default 30 s). */
    public Builder ackTimeout(Duration timeout) {
      this.ackTimeout = positive(timeout, "ackTimeout");
      return this;
    }

    /** Redelivery backoff: base doubles per attempt, capped (default 1 s, 60 s). */
    public Builder redeliveryBackoff(Duration base, Duration cap) {
      positive(base, "redeliveryBackoff base");
      positive(cap, "redeliveryBackoff cap");
      if (cap.compareTo(base) < 0) {
        throw new IllegalArgumentException(
            "redeliveryBackoff cap " + cap + " must not be below base " + base);
      }
      this.backoffBase = base;
      this.backoffCap = cap;
      return this;
    }

    /** Redeliveries before the subscription blocks (default 5). */
    public Builder maxRedeliveries(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("maxRedeliveries must be >= 0, but was " + count);
      }
      this.maxRedeliveries = count;
      return this;
    }

    /** Non-reliable per-consumer buffer; a full buffer drops messages (default 4). */
    public Builder consumerQueueSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("consumerQueueSize must be >= 1, but was " + size);
      }
      this.consumerQueueSize = size;
      return this;
    }

    /**
     * How many messages each topic keeps for {@link TopicView} (default: all). Set a limit for long
     * benchmarks; {@link TopicView#messageCount()} still counts every message.
     */
    public Builder retainedMessagesPerTopic(int count) {
      if (count < 0) {
        throw new IllegalArgumentException(
            "retainedMessagesPerTopic must be >= 0, but was " + count);
      }
      this.retainedMessagesPerTopic = count;
      return this;
    }

    /** Address to listen on (default 127.0.0.1). */
    public Builder bindHost(String host) {
      this.bindHost = Objects.requireNonNull(host, "bindHost");
      return this;
    }

    /** Host put in service and lookup URLs (default: the bind host, or 127.0.0.1 for 0.0.0.0). */
    public Builder advertisedHost(String host) {
      this.advertisedHost = Objects.requireNonNull(host, "advertisedHost");
      return this;
    }

    /**
     * Serves TLS on every broker (URLs become {@code https://}); with a client CA, mutual TLS is
     * required. Danube does server-only TLS in {@code auth.mode: tls}.
     */
    public Builder tls(TlsServerConfig config) {
      this.tls = Objects.requireNonNull(config, "tls");
      return this;
    }

    /**
     * Requires an HS256 JWT ({@code authorization: Bearer <token>}) on every service but
     * HealthCheck, as Danube's {@code auth.mode: tls} does; see {@link JwtTokens}. The testkit
     * allows it without TLS too, which Danube does not.
     */
    public Builder jwtSecret(byte[] secret) {
      Objects.requireNonNull(secret, "jwtSecret");
      if (secret.length == 0) {
        throw new IllegalArgumentException("jwtSecret must not be empty");
      }
      this.jwtSecret = secret.clone();
      return this;
    }

    private static int checkPort(int port, String name) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(name + " must be in [0, 65535], but was " + port);
      }
      return port;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, but was " + d);
      }
      return d;
    }

    /** Builds the group without starting it. */
    public InMemoryDanubeBroker build() {
      if (adminTls && tls == null) {
        throw new IllegalArgumentException(
            "adminTls needs tls(...): it serves the same certificate");
      }
      if (advertisedHost == null) {
        advertisedHost =
            bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "127.0.0.1" : bindHost;
      }
      return InMemoryBrokerFactory.create(this);
    }

    /** Builds and starts the group. */
    public InMemoryDanubeBroker start() {
      return build().start();
    }
  }
}
