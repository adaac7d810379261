/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.DanubeSettings;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.config.TlsSettings;
import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.mqtt.MqttIntake;
import io.dsm.connector.mqtt.MqttIntakeException;
import io.dsm.connector.mqtt.ReconnectBackoff;
import io.dsm.connector.mqtt.TopicSubscription;
import io.dsm.connector.pipeline.DeliveryTracker;
import io.dsm.connector.pipeline.Dispatcher;
import io.dsm.connector.pipeline.InFlightWindow;
import io.dsm.connector.pipeline.ProducerRegistry;
import io.dsm.connector.pipeline.RecordMapper;
import io.dsm.connector.pipeline.RouteLookup;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.TlsConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Threads it creates (through its parts): {@code mqtt-inbound}, {@code connector-resend}, and
 * the Danube client's {@code danube-*} threads.
 */
public final class MqttSourceConnector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttSourceConnector.class);
  private static final Duration MQTT_START_TIMEOUT = Duration.ofSeconds(30);

  private final ConnectorSettings settings;
  private final Function<DanubeSettings, DanubeClient> clientFactory;
  private final Clock clock;
  private final RouteLookup router;
  private final ReconnectBackoff reconnectBackoff;
  private final ConnectorStats stats = new ConnectorStats();
  private final AtomicReference<ConnectorState> state = new AtomicReference<>(ConnectorState.NEW);
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  // Set during start(), read after; published by the state CAS.
  private volatile DanubeClient client;
  private volatile ProducerRegistry producers;
  private volatile Dispatcher dispatcher;
  private volatile DeliveryTracker tracker;
  private volatile MqttIntake intake;

  /** Creates the connector; no I/O happens before {@link #start()}. */
  public MqttSourceConnector(ConnectorSettings settings) {
    this(
        settings,
        MqttSourceConnector::createClient,
        Clock.systemUTC(),
        RouteLookup.firstMatch(settings.routes()),
        ReconnectBackoff.DEFAULT);
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
      ReconnectBackoff reconnectBackoff) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clientFactory = clientFactory;
    this.clock = clock;
    this.router = router;
    this.reconnectBackoff = reconnectBackoff;
  }

  private static DanubeClient createClient(DanubeSettings d) {
    TlsSettings t = d.tls() == null ? TlsSettings.DISABLED : d.tls();
    DanubeClientConfig cfg =
        DanubeClientConfig.of(d.serviceUrl())
            .withTls(new TlsConfig(t.enabled(), t.caFile(), t.certFile(), t.keyFile()))
            .withToken(d.token());
    return DanubeClients.create(cfg);
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
    LOG.info(
        "Starting connector '{}': {} route(s), max in flight {}",
        settings.connectorName(),
        settings.routes().size(),
        settings.runtime().maxInFlight());
    try {
      client = clientFactory.apply(settings.danube());
      try {
        producers = ProducerRegistry.create(client, settings.connectorName(), settings.routes());
      } catch (ProducerRegistry.ProducerCreationException e) {
        throw new ConnectorStartException(e.getMessage(), e.retriable(), e);
      }
      InFlightWindow window = new InFlightWindow(settings.runtime().maxInFlight());
      tracker = new DeliveryTracker(window, stats);
      dispatcher =
          new Dispatcher(
              router,
              new RecordMapper(settings.mqtt().includeMetadata()),
              producers,
              window,
              tracker,
              stats,
              settings.runtime().qos0BufferCapacity(),
              clock);
      intake =
          new MqttIntake(
              settings.mqtt(),
              subscriptions(settings.routes()),
              dispatcher,
              window,
              reconnectBackoff,
              this::fail);
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
    LOG.info("Connector '{}' running", settings.connectorName());
  }

  private void startFailed(Exception e) {
    state.set(ConnectorState.FAILED);
    releaseResources();
    terminated.completeExceptionally(e);
  }

  /** One subscription per distinct filter, at the highest QoS any route asks for it. */
  static List<TopicSubscription> subscriptions(List<RouteSettings> routes) {
    Map<String, Integer> byFilter = new LinkedHashMap<>();
    for (RouteSettings r : routes) {
      byFilter.merge(r.from(), r.qos(), Math::max);
    }
    List<TopicSubscription> subs = new ArrayList<>();
    byFilter.forEach((f, q) -> subs.add(new TopicSubscription(f, q)));
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
            return; // start() sees DRAINING and shuts down when it finishes
          }
        }
        case RUNNING -> {
          if (state.compareAndSet(s, ConnectorState.DRAINING)) {
            shutdown(true);
            return;
          }
        }
        default -> {
          return; // DRAINING, STOPPED, FAILED: already shutting down or done
        }
      }
    }
  }

  private void shutdown(boolean drain) {
    LOG.info("Stopping connector '{}'", settings.connectorName());
    intake.stopIntake();
    if (drain) {
      Duration timeout = settings.runtime().drainTimeout();
      try {
        if (!tracker.awaitDrained(timeout)) {
          LOG.warn(
              "{} message(s) still in flight after the drain timeout {}; the MQTT broker keeps"
                  + " them unacknowledged (redelivered with a persistent session)",
              tracker.pending(),
              timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    releaseResources();
    state.set(ConnectorState.STOPPED);
    LOG.info("Connector '{}' stopped: {}", settings.connectorName(), stats.snapshot());
    terminated.complete(null);
  }

  private void releaseResources() {
    if (dispatcher != null) {
      dispatcher.close();
    }
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

  /** A fatal runtime failure (any thread): stop everything without acknowledging more. */
  private void fail(Throwable cause) {
    if (state.compareAndSet(ConnectorState.RUNNING, ConnectorState.FAILED)
        || state.compareAndSet(ConnectorState.DRAINING, ConnectorState.FAILED)) {
      LOG.error("Connector '{}' failed: {}", settings.connectorName(), cause.toString());
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
