/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import io.dsm.common.Backoff;
import io.dsm.common.LogText;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.DanubeSettings;
import io.dsm.connector.config.Ordering;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.health.ConnectorHealth;
import io.dsm.connector.health.ConnectorHealth.Phase;
import io.dsm.connector.health.MqttConnectionTracker;
import io.dsm.connector.health.PipelineBacklog;
import io.dsm.connector.health.StatusMetrics;
import io.dsm.connector.internal.Dispatcher;
import io.dsm.connector.internal.IntakeWindow;
import io.dsm.connector.internal.LogContext;
import io.dsm.connector.internal.LoopMarker;
import io.dsm.connector.internal.ProducerRegistry;
import io.dsm.connector.internal.RecordMapper;
import io.dsm.connector.internal.RouteLookup;
import io.dsm.connector.internal.SetupException;
import io.dsm.connector.internal.TopicSchemas;
import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.mqtt.MqttIntake;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.KeyOrdering;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.mqtt.client.RetainHandling;
import io.dsm.mqtt.client.Subscription;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.RuntimeDefaults;
import io.dsm.runtime.danube.DanubeConnection;
import io.dsm.runtime.http.HealthCheck;
import io.dsm.runtime.http.OpsHttpServer;
import io.dsm.runtime.metrics.MetricRegistries;
import io.dsm.runtime.mqtt.MqttIntakeException;
import io.dsm.runtime.mqtt.MqttOptions;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector runtime: reads MQTT messages, publishes them to Danube and acknowledges each QoS
 * 1/2 message to MQTT only after Danube acknowledged it (at-least-once).
 *
 * <pre>
 *            start()              intake+producers up
 *   NEW ─────────────► STARTING ─────────────────────► RUNNING
 *    │                    │                               │  close()         │ fatal error
 *    │ close()            │ start failed                  ▼                  ▼
 *    │                    └──────────► FAILED ◄────── DRAINING ──(error)   FAILED
 *    ▼                                                    │ drained or drainTimeout
 *  STOPPED ◄──────────────────────────────────────────────┘
 * </pre>
 *
 * Transitions are compare-and-set on one {@link AtomicReference}; {@link #close()} is idempotent
 * and may be called from any state and any thread. Shutdown order: stop MQTT intake → wait for
 * in-flight messages (at most {@code runtime.drainTimeout}) → stop resending → disconnect MQTT
 * cleanly (a persistent session keeps what was not acknowledged) → close producers and client.
 *
 * <p>Observability: every metric lives in the connector's own {@link #metricsRegistry()} (names in
 * {@code io.dsm.connector.metrics.MetricNames}); with {@code runtime.metricsPort > 0} an {@link
 * OpsHttpServer} serves {@code /metrics}, {@code /health} (liveness) and {@code /ready} (readiness)
 * from the start of {@link #start()} until {@link #close()}. Log lines on the connector's threads
 * carry the {@code connector} MDC key.
 *
 * <p>Threads it creates (through its parts): the MQTT client's {@code mqtt-io} (reads and
 * acknowledges), {@code ops-http-*}, and the Danube client's {@code danube-*} threads, of which
 * {@code danube-io} also routes, maps and sends every MQTT message (it is the MQTT intake's inbound
 * executor). See docs/ARCHITECTURE.md.
 */
public final class MqttSourceConnector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttSourceConnector.class);
  private static final Duration MQTT_START_TIMEOUT = Duration.ofSeconds(30);

  static {
    RuntimeDefaults.apply(); // before this class's parts load Netty and RxJava
  }

  private final ConnectorSettings settings;
  private final Function<DanubeSettings, DanubeClient> clientFactory;
  private final Clock clock;
  private final RouteLookup router;
  private final Backoff reconnectBackoff;
  private final InetAddress opsBindAddress;
  private final PrometheusRegistry registry = MetricRegistries.newConnectorRegistry();
  private final ConnectorStats stats;
  private final MqttConnectionTracker mqttState;
  private final ConnectorHealth health;
  private final IntakeWindow window;
  private final AtomicReference<ConnectorState> state = new AtomicReference<>(ConnectorState.NEW);
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  // Set during start(), read after; published by the state CAS.
  private volatile DanubeClient client;
  private volatile ProducerRegistry producers;
  private volatile MqttIntake intake;
  private volatile OpsHttpServer ops;

  /** Creates the connector; no I/O happens before {@link #start()}. */
  public MqttSourceConnector(ConnectorSettings settings) {
    this(
        settings,
        MqttSourceConnector::createClient,
        Clock.systemUTC(),
        RouteLookup.firstMatch(settings.routes()),
        Backoff.RECONNECT);
  }

  /**
   * Visible for tests and embedding: the Danube client comes from {@code clientFactory} (the
   * connector closes it), time from {@code clock}, routing from {@code router}.
   */
  MqttSourceConnector(
      ConnectorSettings settings,
      Function<DanubeSettings, DanubeClient> clientFactory,
      Clock clock,
      RouteLookup router,
      Backoff reconnectBackoff) {
    this(settings, clientFactory, clock, router, reconnectBackoff, null);
  }

  /**
   * As above, with the address the ops endpoints bind to ({@code null}: every interface, as a
   * Kubernetes probe needs; tests bind to loopback).
   */
  MqttSourceConnector(
      ConnectorSettings settings,
      Function<DanubeSettings, DanubeClient> clientFactory,
      Clock clock,
      RouteLookup router,
      Backoff reconnectBackoff,
      InetAddress opsBindAddress) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clientFactory = clientFactory;
    this.clock = clock;
    this.router = router;
    this.reconnectBackoff = reconnectBackoff;
    this.opsBindAddress = opsBindAddress;
    String name = settings.connectorName();
    this.stats = new ConnectorStats(name, settings.routes(), registry, System::nanoTime);
    this.window =
        new IntakeWindow(
            settings.runtime().maxInFlight(),
            settings.runtime().maxInFlightBytes(),
            settings.runtime().qos0BufferCapacity(),
            System::nanoTime);
    List<Subscription> subs = subscriptions(settings.routes(), settings.mqtt().retainHandling());
    this.mqttState = new MqttConnectionTracker(subs.stream().map(Subscription::filter).toList());
    this.health =
        new ConnectorHealth(
            settings.mqtt().host() + ":" + settings.mqtt().port(),
            mqttState,
            window,
            settings.runtime().stallTimeout(),
            ProducerRegistry.fixedTopics(settings.routes()).size());
    ConnectorStats.registerDynamicProducers(
        registry,
        name,
        () -> {
          ProducerRegistry p = producers;
          return p == null ? 0 : p.dynamicSize();
        });
    StatusMetrics.register(
        registry,
        name,
        health,
        mqttState,
        window,
        settings.runtime().maxInFlight(),
        settings.runtime().qos0BufferCapacity());
  }

  private static DanubeClient createClient(DanubeSettings d) {
    return DanubeClients.create(DanubeConnection.clientConfig(d));
  }

  /**
   * Creates the Danube producers (one per route target), connects to the MQTT broker and subscribes
   * every route filter; returns once messages flow.
   *
   * @throws ConnectorStartException naming the topic or broker that failed; {@link
   *     ConnectorStartException#dependencyUnavailable()} when it could not be reached
   * @throws IllegalStateException when called twice
   */
  public void start() throws ConnectorStartException {
    if (!state.compareAndSet(ConnectorState.NEW, ConnectorState.STARTING)) {
      throw new IllegalStateException("connector already started (state " + state.get() + ")");
    }
    try (LogContext.Scope log = LogContext.scope(settings.connectorName(), null)) {
      startInScope();
    }
  }

  private void startInScope() throws ConnectorStartException {
    logEffectiveConfiguration();
    try {
      // Every file a setting names is read and checked before any connection is opened.
      MqttClientOptions mqttOptions = mqttOptions();
      DanubeConnection.checkTlsFiles(settings.danube());
      startOpsServer();
      String namespaces =
          DanubeConnection.prepareNamespaces(
              settings.danube(), settings.routes(), Duration.ofSeconds(30));
      if (namespaces != null) {
        LOG.info("{}", namespaces);
      }
      client = clientFactory.apply(settings.danube());
      abortIfClosing(); // close() may have run before the client existed to be closed
      TopicSchemas schemas = TopicSchemas.none();
      if (!settings.schemas().isEmpty()) {
        try {
          schemas =
              TopicSchemas.prepare(
                  client.schemaRegistry(), settings.schemas(), Duration.ofSeconds(30));
        } catch (TopicSchemas.SchemaSetupException e) {
          throw startFailure(e);
        }
      }
      try {
        producers =
            ProducerRegistry.create(
                client,
                settings.connectorName(),
                settings.routes(),
                settings.runtime().maxInFlight(),
                settings.runtime().ordering() == Ordering.NONE
                    ? KeyOrdering.NONE
                    : KeyOrdering.PER_KEY,
                stats,
                schemas,
                settings.runtime().dynamicProducerCache());
      } catch (ProducerRegistry.ProducerCreationException e) {
        if (e.kind() == ProducerRegistry.ProducerCreationException.Kind.UNAVAILABLE
            && state.get() == ConnectorState.STARTING) { // not when close() aborted the start
          ConnectorStartException explained =
              DanubeConnection.failure(settings.danube(), e.getCause(), Duration.ofSeconds(1));
          if (explained.configuration()) {
            throw explained; // e.g. http:// against a TLS port
          }
        }
        throw startFailure(e);
      }
      health.producersCreated(producers.size());
      Dispatcher dispatcher =
          new Dispatcher(
              settings.connectorName(),
              router,
              new RecordMapper(settings.mqtt().includeMetadata()),
              producers,
              window,
              stats,
              this::fail,
              clock,
              schemas,
              LoopMarker.of(settings.mqtt()));
      intake =
          new MqttIntake(
              settings.mqtt(),
              mqttOptions,
              subscriptions(settings.routes(), settings.mqtt().retainHandling()),
              dispatcher,
              window,
              window::abandon,
              mqttState,
              // Each message's send starts on the thread that writes it to Danube.
              client.ioExecutor());
      abortIfClosing();
      try {
        intake.start(MQTT_START_TIMEOUT);
      } catch (MqttIntakeException e) {
        throw new ConnectorStartException(e.getMessage(), e.brokerUnavailable(), e);
      }
    } catch (ConnectorStartException e) {
      startFailed(e);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ConnectorStartException ex = new ConnectorStartException("start interrupted", false, e);
      startFailed(ex);
      throw ex;
    } catch (RuntimeException e) {
      ConnectorStartException ex =
          new ConnectorStartException("connector start failed: " + e.getMessage(), false, e);
      startFailed(ex);
      throw ex;
    }
    if (!state.compareAndSet(ConnectorState.STARTING, ConnectorState.RUNNING)) {
      // close() ran while we were starting; it left the teardown to us.
      shutdown(false);
      return;
    }
    health.phase(Phase.RUNNING);
    LOG.info("Connector '{}' running", settings.connectorName());
  }

  /**
   * The routes, one line each (the application logs every setting with its source before; see
   * {@code EffectiveConfig.logLines()}).
   */
  private void logEffectiveConfiguration() {
    LOG.info(
        "Starting connector '{}': MQTT {}:{} (MQTT {}), Danube {}, {} route(s)",
        settings.connectorName(),
        settings.mqtt().host(),
        settings.mqtt().port(),
        settings.mqtt().protocolVersion() == 5 ? "5" : "3.1.1",
        settings.danube().serviceUrl(),
        settings.routes().size());
    for (int i = 0; i < settings.routes().size(); i++) {
      RouteSettings r = settings.routes().get(i);
      LOG.info(
          "  route {}: {} -> {} (qos {}, partitions {}, reliable dispatch {})",
          i + 1,
          LogText.escape(r.subscription().text()),
          r.to(),
          r.qos(),
          r.partitions(),
          r.reliableDispatch());
    }
  }

  /** The MQTT client options; unusable TLS files or credentials are a configuration error. */
  private MqttClientOptions mqttOptions() throws ConnectorStartException {
    try {
      return MqttOptions.builder(
              settings.mqtt(),
              settings.mqtt().clientId(),
              settings.mqtt().cleanSession(),
              settings.runtime().maxInFlight(),
              MQTT_START_TIMEOUT,
              reconnectBackoff)
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConnectorStartException(
          e.getMessage(), ConnectorStartException.Kind.CONFIGURATION, e);
    }
  }

  private void startOpsServer() throws ConnectorStartException {
    int port = settings.runtime().metricsPort();
    if (port <= 0) {
      LOG.info("Metrics and health endpoints disabled (METRICS_PORT=0)");
      return;
    }
    InetSocketAddress address =
        opsBindAddress == null
            ? new InetSocketAddress(settings.runtime().metricsBindAddress(), port)
            : new InetSocketAddress(opsBindAddress, port);
    try {
      ops =
          OpsHttpServer.start(
              address, registry, settings.connectorName(), health::liveness, health::readiness);
    } catch (IOException e) {
      throw new ConnectorStartException(e.getMessage(), false, e);
    }
  }

  /** A producer or a schema could not be set up: the start fails with the matching kind. */
  private static ConnectorStartException startFailure(SetupException e) {
    return new ConnectorStartException(
        e.getMessage(),
        switch (e.kind()) {
          case CONFIGURATION -> ConnectorStartException.Kind.CONFIGURATION;
          case REFUSED -> ConnectorStartException.Kind.FAILURE;
          case UNAVAILABLE -> ConnectorStartException.Kind.UNAVAILABLE;
        },
        e);
  }

  private void startFailed(Exception e) {
    state.set(ConnectorState.FAILED);
    health.failed("start failed: " + e.getMessage());
    releaseResources();
    closeOps();
    terminated.completeExceptionally(e);
  }

  private void closeOps() {
    OpsHttpServer o = ops;
    if (o != null) {
      o.close();
    }
  }

  /**
   * One subscription per distinct filter (with its shared group, if any), at the highest QoS any
   * route asks for it, with Subscription Identifiers 1..n in the order the filters first appear.
   */
  static List<Subscription> subscriptions(
      List<RouteSettings> routes, io.dsm.connector.config.RetainHandling retain) {
    Map<String, Integer> byFilter = new LinkedHashMap<>();
    for (RouteSettings r : routes) {
      byFilter.merge(r.subscription().text(), r.qos(), Math::max);
    }
    RetainHandling handling =
        switch (retain == null ? io.dsm.connector.config.RetainHandling.SEND : retain) {
          case SEND -> RetainHandling.SEND;
          case SEND_NEW -> RetainHandling.SEND_NEW;
          case NONE -> RetainHandling.NONE;
        };
    // Numbered 1..n in configuration order: on MQTT 5 the broker stamps each message with the
    // number of the subscription it matched (attribute mqtt.subscription_ids).
    List<Subscription> subs = new ArrayList<>();
    byFilter.forEach((f, q) -> subs.add(new Subscription(f, q, handling, subs.size() + 1)));
    return subs;
  }

  /**
   * Completes normally after {@link #close()} finished; exceptionally when start failed or a fatal
   * runtime failure stopped the connector.
   */
  public CompletableFuture<Void> terminated() {
    return terminated;
  }

  /** The current lifecycle state. */
  public ConnectorState state() {
    return state.get();
  }

  /** The connector's counters; live, thread-safe. */
  public ConnectorStats stats() {
    return stats;
  }

  /** What the pipeline holds now; live, thread-safe. */
  public PipelineBacklog backlog() {
    return window;
  }

  /**
   * The connector's Prometheus registry (its metrics plus the JVM's), for an application that
   * serves metrics itself.
   */
  public PrometheusRegistry metricsRegistry() {
    return registry;
  }

  /** Liveness as {@code /health} reports it. */
  public HealthCheck liveness() {
    return health.liveness();
  }

  /** Readiness as {@code /ready} reports it. */
  public HealthCheck readiness() {
    return health.readiness();
  }

  /** Where {@code /metrics}, {@code /health} and {@code /ready} are served, once started. */
  public Optional<InetSocketAddress> opsAddress() {
    OpsHttpServer o = ops;
    return o == null ? Optional.empty() : Optional.of(o.address());
  }

  /** Whether the MQTT connection is up (false before start and after close). */
  public boolean mqttConnected() {
    MqttIntake i = intake;
    return state.get() == ConnectorState.RUNNING && i != null && i.isConnected();
  }

  /**
   * Stops intake, waits for in-flight messages (at most {@code runtime.drainTimeout}), disconnects
   * from MQTT and closes the Danube producers and client. Idempotent; blocks until done when it
   * performs the shutdown.
   */
  @Override
  public void close() {
    while (true) {
      ConnectorState s = state.get();
      switch (s) {
        case NEW -> {
          if (state.compareAndSet(s, ConnectorState.STOPPED)) {
            terminated.complete(null);
            return;
          }
        }
        case STARTING -> {
          if (state.compareAndSet(s, ConnectorState.DRAINING)) {
            // start() may be waiting for Danube or the MQTT broker (retries of up to a minute):
            // closing the clients makes those waits fail now; start() then tears down.
            abortStart();
            return;
          }
        }
        case RUNNING -> {
          if (state.compareAndSet(s, ConnectorState.DRAINING)) {
            shutdown(true);
            return;
          }
        }
        case FAILED -> {
          closeOps(); // kept serving (health DOWN with the cause) until the owner closes
          return;
        }
        default -> {
          return; // DRAINING, STOPPED: already shutting down or done
        }
      }
    }
  }

  private void shutdown(boolean drain) {
    try (LogContext.Scope log = LogContext.scope(settings.connectorName(), null)) {
      shutdownInScope(drain);
    }
  }

  private void shutdownInScope(boolean drain) {
    health.phase(Phase.STOPPING);
    LOG.info("Stopping connector '{}'", settings.connectorName());
    // Stop reading, but keep the connection: messages Danube stores while draining are still
    // acknowledged on it; what the client has not delivered stays unacknowledged.
    window.stop();
    if (drain) {
      Duration timeout = settings.runtime().drainTimeout();
      try {
        if (!window.awaitDrained(timeout)) {
          LOG.warn(
              "{} message(s) still in flight after the drain timeout {}; the MQTT broker keeps"
                  + " them unacknowledged (redelivered with a persistent session)",
              window.inFlight(),
              timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    releaseResources();
    state.set(ConnectorState.STOPPED);
    health.phase(Phase.STOPPED);
    closeOps();
    LOG.info("Connector '{}' stopped: {}", settings.connectorName(), stats.snapshot());
    terminated.complete(null);
  }

  /**
   * MQTT first (acknowledgements already due, then DISCONNECT), then Danube: a message Danube
   * stores after this is not acknowledged, so the broker redelivers it.
   */
  private void releaseResources() {
    window.stop();
    if (intake != null) {
      intake.close();
    }
    if (producers != null) {
      producers.close();
    }
    if (client != null) {
      client.close();
    }
  }

  /**
   * Ends a start that {@link #close()} interrupted. close() closes what exists when it runs; what
   * start() creates after that is closed by the teardown that follows this exception.
   */
  private void abortIfClosing() throws ConnectorStartException {
    if (state.get() != ConnectorState.STARTING) {
      throw new ConnectorStartException("start aborted: the connector is closing", false, null);
    }
  }

  private void abortStart() {
    window.stop();
    MqttIntake i = intake;
    if (i != null) {
      i.close();
    }
    DanubeClient c = client;
    if (c != null) {
      c.close();
    }
  }

  /** A fatal runtime failure (any thread): stop everything without acknowledging more. */
  private void fail(Throwable cause) {
    if (state.compareAndSet(ConnectorState.RUNNING, ConnectorState.FAILED)
        || state.compareAndSet(ConnectorState.DRAINING, ConnectorState.FAILED)) {
      health.failed(cause.toString());
      try (LogContext.Scope log = LogContext.scope(settings.connectorName(), null)) {
        LOG.error("Connector '{}' failed: {}", settings.connectorName(), cause.toString());
      }
      // Off the caller's (client) thread: closing the MQTT client from its own thread could block.
      Thread t =
          new Thread(
              () -> {
                releaseResources();
                terminated.completeExceptionally(cause);
              },
              "connector-failure");
      t.setDaemon(true);
      t.start();
    }
  }
}
