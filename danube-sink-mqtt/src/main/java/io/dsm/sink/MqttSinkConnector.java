/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import io.dsm.common.Backoff;
import io.dsm.common.failure.Failures;
import io.dsm.connector.config.SinkRouteSettings;
import io.dsm.connector.config.SinkSettings;
import io.dsm.connector.routing.MqttTopicTemplate;
import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.danube.client.SubscriptionType;
import io.dsm.mqtt.client.ConnectResult;
import io.dsm.mqtt.client.ConnectionListener;
import io.dsm.mqtt.client.MqttClient;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.mqtt.client.MqttClients;
import io.dsm.mqtt.client.MqttPublishException;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.danube.DanubeConnection;
import io.dsm.runtime.http.HealthCheck;
import io.dsm.runtime.http.OpsHttpServer;
import io.dsm.runtime.metrics.MetricRegistries;
import io.dsm.runtime.mqtt.MqttFailures;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink connector: consumes Danube topics and publishes every message to MQTT, acknowledging it
 * to Danube only after the MQTT broker acknowledged the PUBLISH (PUBACK for QoS 1, PUBCOMP for QoS
 * 2; written to the socket for QoS 0).
 *
 * <p>One thread per route ({@code sink-<n>}) receives from its consumer and claims a slot of the
 * one window ({@code MAX_IN_FLIGHT} messages published and not yet acknowledged) before it
 * publishes; the slot returns when the broker's acknowledgement completes the publish. With the
 * MQTT broker down, publishes do not complete, the window fills, the threads stop receiving, the
 * consumer's bounded queue fills and Danube's flow control stops sending: memory stays flat and
 * nothing is acknowledged that MQTT did not take. Unacknowledged messages are redelivered by Danube
 * (after a restart, or its ack timeout): at least once, duplicates possible.
 *
 * <p>A message whose MQTT topic cannot be rendered goes to {@code DEAD_LETTER_TOPIC} (acked once
 * stored there), or is counted and acknowledged without one; it never stops the sink.
 */
public final class MqttSinkConnector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttSinkConnector.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RECEIVE_POLL = Duration.ofMillis(200);

  private final SinkSettings settings;
  private final PublishMapper mapper;
  private final Semaphore window;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicBoolean mqttConnected = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final List<Thread> workers = new ArrayList<>();
  private final List<DanubeConsumer> consumers = new ArrayList<>();
  private volatile boolean running;
  private MqttClient mqtt;
  private DanubeClient danube;
  private DanubeProducer deadLetter;
  private OpsHttpServer ops;
  private SinkMetrics metrics;

  public MqttSinkConnector(SinkSettings settings) {
    this.settings = settings;
    this.mapper = new PublishMapper(settings);
    this.window = new Semaphore(settings.maxInFlight());
  }

  /**
   * Connects to MQTT and Danube, subscribes every route and starts consuming.
   *
   * @throws ConnectorStartException when a side is unreachable or refuses us
   */
  public void start() throws ConnectorStartException {
    PrometheusRegistry registry = MetricRegistries.newConnectorRegistry();
    metrics =
        new SinkMetrics(
            registry,
            settings.connectorName(),
            inFlight::get,
            settings.maxInFlight(),
            () -> mqttConnected.get() ? 1 : 0,
            () -> ready().ok() ? 1 : 0);
    startOps(registry);
    connectMqtt();
    connectDanube();
    running = true;
    for (int i = 0; i < settings.routes().size(); i++) {
      SinkRouteSettings route = settings.routes().get(i);
      DanubeConsumer consumer = consumers.get(i);
      MqttTopicTemplate template = MqttTopicTemplate.parse(route.to());
      Thread t = new Thread(() -> consume(route, template, consumer), "sink-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
      LOG.info("consuming {} -> MQTT {} (QoS {})", route.from(), route.to(), route.qos());
    }
  }

  private void startOps(PrometheusRegistry registry) throws ConnectorStartException {
    if (settings.runtime().metricsPort() == 0) {
      return;
    }
    try {
      ops =
          OpsHttpServer.start(
              new InetSocketAddress(
                  settings.runtime().metricsBindAddress(), settings.runtime().metricsPort()),
              registry,
              settings.connectorName(),
              this::live,
              this::ready);
    } catch (IOException e) {
      throw new ConnectorStartException(e.getMessage(), ConnectorStartException.Kind.FAILURE, e);
    }
  }

  private void connectMqtt() throws ConnectorStartException {
    MqttClientOptions options;
    try {
      options =
          io.dsm.runtime.mqtt.MqttOptions.builder(
                  settings.mqtt(),
                  settings.mqtt().clientId(),
                  settings.mqtt().cleanSession(),
                  65535,
                  CONNECT_TIMEOUT,
                  Backoff.RECONNECT)
              .publishWindow(settings.maxInFlight())
              .ioThreadName("mqtt-io")
              .build();
    } catch (IllegalArgumentException e) {
      throw new ConnectorStartException(
          e.getMessage(), ConnectorStartException.Kind.CONFIGURATION, e);
    }
    mqtt = MqttClients.create(options, null, null, new Listener());
    String broker = settings.mqtt().host() + ":" + settings.mqtt().port();
    try {
      mqtt.connect().get(CONNECT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      throw new ConnectorStartException(
          "cannot connect to MQTT broker " + broker + ": " + MqttFailures.describe(cause),
          !MqttFailures.isRefusal(cause),
          cause);
    } catch (TimeoutException e) {
      throw new ConnectorStartException(
          "MQTT broker " + broker + " did not accept the connection within " + CONNECT_TIMEOUT,
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorStartException("interrupted while connecting to " + broker, true, e);
    }
    LOG.info("connected to MQTT broker {} as '{}'", broker, settings.mqtt().clientId());
  }

  private void connectDanube() throws ConnectorStartException {
    DanubeConnection.checkTlsFiles(settings.danube());
    try {
      danube = DanubeClients.create(DanubeConnection.clientConfig(settings.danube()));
    } catch (IllegalArgumentException e) {
      throw new ConnectorStartException(
          "cannot use Danube at " + settings.danube().serviceUrl() + ": " + e.getMessage(),
          ConnectorStartException.Kind.CONFIGURATION,
          e);
    }
    Duration timeout = danube.config().retryBudget();
    try {
      if (settings.deadLetterTopic() != null) {
        deadLetter =
            danube
                .createProducer(
                    ProducerConfig.of(
                        settings.deadLetterTopic(),
                        settings.mqtt().clientId() + "-dlq",
                        DispatchStrategy.RELIABLE))
                .get();
      }
      for (SinkRouteSettings route : settings.routes()) {
        consumers.add(
            danube
                .subscribe(
                    new ConsumerConfig(
                        route.from(),
                        settings.mqtt().clientId(),
                        settings.subscription(),
                        SubscriptionType.valueOf(settings.subscriptionType().name()),
                        settings.maxInFlight()))
                .get());
      }
    } catch (ExecutionException e) {
      throw DanubeConnection.failure(settings.danube(), Failures.unwrap(e), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorStartException("interrupted while subscribing to Danube", true, e);
    }
  }

  private void consume(SinkRouteSettings route, MqttTopicTemplate template, DanubeConsumer c) {
    try {
      while (running) {
        Optional<ReceivedMessage> next = c.receive(RECEIVE_POLL);
        if (next.isEmpty()) {
          continue;
        }
        ReceivedMessage m = next.get();
        long start = System.nanoTime();
        metrics.received();
        window.acquire();
        inFlight.incrementAndGet();
        PublishMapper.Mapped mapped = mapper.map(m, template, route.qos(), route.from());
        if (!mapped.ok()) {
          reject(c, m, route, mapped.reason(), mapped.error());
          continue;
        }
        try {
          mqtt.publish(mapped.publish()).whenComplete((v, e) -> published(c, m, route, start, e));
        } catch (RuntimeException e) {
          published(c, m, route, start, e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (DanubeException e) {
      if (running) {
        LOG.error("consumer of {} failed: {}", route.from(), e.getMessage());
        terminated.completeExceptionally(e);
      }
    }
  }

  private void published(
      DanubeConsumer c, ReceivedMessage m, SinkRouteSettings route, long start, Throwable e) {
    Throwable cause = e == null ? null : Failures.unwrap(e);
    if (cause == null) {
      c.ack(m).whenComplete((v, ackError) -> ackDone(route, ackError));
      metrics.processed(start);
      release();
    } else if (cause instanceof MqttPublishException refused) {
      // The broker answered, with a failure reason (e.g. not authorized): retrying gets the same
      // answer, so it must not block the subscription.
      reject(c, m, route, "mqtt_rejected", refused.getMessage());
    } else {
      // Closed before the broker answered (shutdown): not acknowledged, Danube redelivers it.
      release();
    }
  }

  private void reject(
      DanubeConsumer c, ReceivedMessage m, SinkRouteSettings route, String reason, String error) {
    metrics.failed(reason);
    if (deadLetter == null) {
      LOG.warn(
          "message {} of {} not published ({}: {}); acknowledged without a dead-letter topic",
          m.offset(),
          route.from(),
          reason,
          error);
      c.ack(m).whenComplete((v, ackError) -> ackDone(route, ackError));
      release();
      return;
    }
    Map<String, String> attributes = new HashMap<>(m.attributes());
    attributes.put("dlq.reason", reason);
    attributes.put("dlq.error", error);
    attributes.put("dlq.source_topic", route.from());
    deadLetter
        .sendAsync(new OutgoingMessage(m.payload(), attributes, m.routingKey()))
        .whenComplete(
            (id, sendError) -> {
              if (sendError == null) {
                metrics.deadLettered();
                LOG.warn(
                    "message {} of {} sent to {} ({}: {})",
                    m.offset(),
                    route.from(),
                    settings.deadLetterTopic(),
                    reason,
                    error);
                c.ack(m).whenComplete((v, ackError) -> ackDone(route, ackError));
              } else {
                LOG.warn(
                    "message {} of {} could not be dead-lettered ({}); Danube redelivers it",
                    m.offset(),
                    route.from(),
                    Failures.unwrap(sendError).getMessage());
              }
              release();
            });
  }

  private void ackDone(SinkRouteSettings route, Throwable ackError) {
    if (ackError != null) {
      LOG.debug(
          "ack on {} failed (the message is redelivered): {}", route.from(), ackError.toString());
    }
  }

  private void release() {
    inFlight.decrementAndGet();
    window.release();
  }

  /** Completes exceptionally when the sink failed while running; normally never. */
  public CompletableFuture<Void> terminated() {
    return terminated;
  }

  /** The address of the operations HTTP server, or null when disabled. */
  public InetSocketAddress opsAddress() {
    return ops == null ? null : ops.address();
  }

  /** Messages published and not yet acknowledged by the MQTT broker. */
  public long inFlight() {
    return inFlight.get();
  }

  HealthCheck live() {
    boolean failed = terminated.isCompletedExceptionally();
    return new HealthCheck(
        !failed, failed ? "a consumer failed" : "running", Map.of("in_flight", inFlight.get()));
  }

  HealthCheck ready() {
    boolean ok = running && mqttConnected.get() && !terminated.isDone();
    return new HealthCheck(
        ok,
        !running ? "not running" : mqttConnected.get() ? "ready" : "MQTT not connected",
        Map.of("mqtt_connected", mqttConnected.get(), "in_flight", inFlight.get()));
  }

  /**
   * Stops consuming, waits up to {@code DRAIN_TIMEOUT_SECS} for published messages to be
   * acknowledged (and acked to Danube), then disconnects. Whatever is still unacknowledged is
   * redelivered by Danube later. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    running = false;
    for (Thread t : workers) {
      t.interrupt();
    }
    for (Thread t : workers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int slots = settings.maxInFlight();
    try {
      if (window.tryAcquire(
          slots, settings.runtime().drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        window.release(slots);
      } else {
        LOG.warn(
            "{} message(s) still unacknowledged at shutdown; Danube redelivers them", inFlight);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (mqtt != null) {
      try {
        mqtt.disconnect().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("MQTT disconnect: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      mqtt.close();
    }
    consumers.forEach(DanubeConsumer::close);
    if (deadLetter != null) {
      deadLetter.close();
    }
    if (danube != null) {
      danube.close();
    }
    if (ops != null) {
      ops.close();
    }
    terminated.complete(null);
  }

  private final class Listener implements ConnectionListener {
    @Override
    public void connected(ConnectResult result, boolean reconnect) {
      mqttConnected.set(true);
      if (reconnect) {
        LOG.info("MQTT reconnected; unacknowledged PUBLISHes are resent");
      }
    }

    @Override
    public void connectionLost(String why, long retryInMillis) {
      mqttConnected.set(false);
      LOG.warn("MQTT connection lost ({}); consuming pauses, retry in {} ms", why, retryInMillis);
    }
  }
}
