/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import io.dsm.common.LogText;
import io.dsm.common.failure.Failures;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.metrics.ConnectorStats.RouteStats;
import io.dsm.connector.metrics.MetricNames.FailureReason;
import io.dsm.connector.mqtt.InboundSink;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerClosedException;
import io.dsm.mqtt.client.InboundPublish;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Routes, maps and sends each MQTT message to Danube, and decides what each outcome means for the
 * MQTT acknowledgement (given through the {@link IntakeWindow}, the only place that acknowledges):
 *
 * <ul>
 *   <li>Danube stored it: finish (acknowledge to MQTT).
 *   <li>Danube rejected this message for good (e.g. too large for Danube): count, log
 *       (rate-limited) with its MQTT topic, and finish it. Redelivering a message Danube will never
 *       accept would block its MQTT topic (and, with a full window, the whole connector) forever.
 *   <li>Larger than {@code MQTT_MAX_PACKET_SIZE} (the MQTT client skipped its payload): count as
 *       dropped, log (rate-limited), finish.
 *   <li>No route: count, warn once per topic, finish.
 *   <li>The producer was closed (shutting down): abandon, never acknowledged: the broker
 *       redelivers.
 *   <li>QoS 0: sent best-effort while the bounded QoS 0 buffer has room, otherwise dropped and
 *       counted; failures are counted, never retried.
 * </ul>
 *
 * <p>Retrying is not done here: the producer retries a failed send until Danube stores it or the
 * producer is closed, keeping the message at the head of its routing key, so a retriable failure
 * never reaches this class. If one does (a producer configured otherwise), the connector fails
 * rather than acknowledge or reorder anything.
 *
 * <p>Threads: {@link #onMessages} runs on the Danube client's network thread {@code danube-io} (the
 * MQTT intake's inbound executor), and so do completions (the connector's client uses direct
 * callbacks), so nothing here may block.
 */
public final class Dispatcher implements InboundSink {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final int MAX_WARNED_TOPICS = 1000;

  private final String connectorName;
  private final RouteLookup router;
  private final RecordMapper mapper;
  private final ProducerLookup producers;
  private final IntakeWindow window;
  private final ConnectorStats stats;
  private final Consumer<Throwable> fatal;
  private final Set<String> warnedUnrouted = ConcurrentHashMap.newKeySet();
  private final RateLimitedLog rejectedLog;
  private final RateLimitedLog droppedLog;
  private final RateLimitedLog oversizeLog;
  private final Predicate<InboundPublish> skip;

  /**
   * @param connectorName the {@code connector} MDC value of every log line
   * @param router the first matching route of a topic
   * @param mapper MQTT message to Danube message
   * @param producers the producer of each target topic
   * @param window admits, finishes and abandons messages
   * @param stats counters
   * @param fatal told when a send failed in a way the pipeline cannot handle (any thread)
   * @param clock for rate-limited logging
   */
  public Dispatcher(
      String connectorName,
      RouteLookup router,
      RecordMapper mapper,
      ProducerLookup producers,
      IntakeWindow window,
      ConnectorStats stats,
      Consumer<Throwable> fatal,
      Clock clock) {
    this(connectorName, router, mapper, producers, window, stats, fatal, clock, m -> false);
  }

  /**
   * As above, with loop prevention.
   *
   * @param skip messages to acknowledge and count without forwarding ({@link LoopMarker})
   */
  public Dispatcher(
      String connectorName,
      RouteLookup router,
      RecordMapper mapper,
      ProducerLookup producers,
      IntakeWindow window,
      ConnectorStats stats,
      Consumer<Throwable> fatal,
      Clock clock,
      Predicate<InboundPublish> skip) {
    this.skip = skip;
    this.connectorName = connectorName;
    this.router = router;
    this.mapper = mapper;
    this.producers = producers;
    this.window = window;
    this.stats = stats;
    this.fatal = fatal;
    this.rejectedLog = new RateLimitedLog(LOG, clock, Duration.ofSeconds(10));
    this.droppedLog = new RateLimitedLog(LOG, clock, Duration.ofSeconds(10));
    this.oversizeLog = new RateLimitedLog(LOG, clock, Duration.ofSeconds(10));
  }

  @Override
  public void onMessages(List<InboundPublish> messages) {
    if (!connectorName.equals(MDC.get(LogContext.CONNECTOR))) {
      // Once per thread in practice: the intake's thread belongs to this connector.
      MDC.put(LogContext.CONNECTOR, connectorName);
    }
    for (InboundPublish m : messages) {
      onMessage(m);
    }
  }

  /** Handles one message; see the class documentation. */
  void onMessage(InboundPublish m) {
    stats.recordReceived();
    if (skip.test(m)) {
      stats.recordLoopMarked();
      if (LOG.isDebugEnabled()) {
        LOG.debug("Skipped a message a sink published on '{}'", LogText.escape(m.topic()));
      }
      window.finish(m);
      return;
    }
    Optional<RouteSettings> route = router.route(m.topic());
    if (route.isEmpty()) {
      stats.recordUnrouted();
      if (warnedUnrouted.size() < MAX_WARNED_TOPICS && warnedUnrouted.add(m.topic())) {
        LOG.warn(
            "No route matches MQTT topic '{}'; its messages are acknowledged and skipped",
            LogText.escape(m.topic()));
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("Skipped unrouted message from MQTT topic '{}'", LogText.escape(m.topic()));
      }
      window.finish(m);
      return;
    }
    RouteStats rs = stats.route(route.get());
    if (m.oversize()) {
      rs.droppedOversize();
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        oversizeLog.warn(
            "Dropped a {} byte message from MQTT topic '{}': larger than MQTT_MAX_PACKET_SIZE;"
                + " its payload was skipped unread and it is acknowledged",
            m.size(),
            LogText.escape(m.topic()));
      }
      window.finish(m);
      return;
    }
    rs.received(m.payload().length);
    if (LOG.isDebugEnabled()) {
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        LOG.debug(
            "Received {} bytes from MQTT topic '{}' (QoS {}) for Danube topic {}",
            m.payload().length,
            LogText.escape(m.topic()),
            m.qos(),
            route.get().to());
      }
    }
    DanubeProducer producer = producers.producerFor(route.get().to());
    OutgoingMessage out = mapper.map(m);
    if (m.qos() == 0) {
      sendQos0(m, rs, producer, out);
    } else {
      send(m, rs, producer, out);
    }
  }

  private void sendQos0(
      InboundPublish m, RouteStats rs, DanubeProducer producer, OutgoingMessage out) {
    int bytes = m.payload().length;
    if (!window.tryTakeQos0(bytes)) {
      rs.droppedQos0BufferFull();
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        droppedLog.warn(
            "QoS 0 buffer full; dropped a message from MQTT topic '{}'", LogText.escape(m.topic()));
      }
      return;
    }
    sendAsync(producer, out)
        .whenComplete(
            (id, err) -> {
              window.releaseQos0(bytes);
              if (err == null) {
                rs.processed(m.receivedAtNanos());
                logDelivered(rs, m, producer);
              } else {
                rs.failed(FailureReason.QOS0_SEND_FAILED);
                try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                  rejectedLog.warn(
                      "QoS 0 message from MQTT topic '{}' not delivered to Danube {}: {}",
                      LogText.escape(m.topic()),
                      producer.topic(),
                      Failures.unwrap(err).getMessage());
                }
              }
            });
  }

  private void send(InboundPublish m, RouteStats rs, DanubeProducer producer, OutgoingMessage out) {
    sendAsync(producer, out)
        .whenComplete(
            (id, err) -> {
              if (err == null) {
                rs.processed(m.receivedAtNanos());
                window.finish(m);
                logDelivered(rs, m, producer);
                return;
              }
              Throwable cause = Failures.unwrap(err);
              if (cause instanceof ProducerClosedException) {
                // Shutting down: leave the message unacknowledged so the broker redelivers it.
                window.abandon(m);
                return;
              }
              if (cause instanceof DanubeException de && !de.isRetriable()) {
                rs.failed(FailureReason.REJECTED);
                try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                  rejectedLog.warn(
                      "Danube topic {} permanently rejected a message from MQTT topic '{}' ({});"
                          + " acknowledging it to MQTT so the topic is not blocked",
                      producer.topic(),
                      LogText.escape(m.topic()),
                      cause.getMessage());
                }
                window.finish(m);
                return;
              }
              window.abandon(m);
              try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                LOG.error(
                    "Sending to Danube topic {} failed and the producer gave up ({}); stopping"
                        + " without acknowledging the message from MQTT topic '{}'",
                    producer.topic(),
                    cause.getMessage(),
                    LogText.escape(m.topic()));
              }
              fatal.accept(cause);
            });
  }

  private void logDelivered(RouteStats rs, InboundPublish m, DanubeProducer producer) {
    if (LOG.isDebugEnabled()) {
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        LOG.debug(
            "Danube {} acknowledged the message from MQTT topic '{}'",
            producer.topic(),
            LogText.escape(m.topic()));
      }
    }
  }

  /** A send that throws instead of returning a failed future is handled like a failed future. */
  private static CompletableFuture<MessageId> sendAsync(
      DanubeProducer producer, OutgoingMessage out) {
    try {
      return producer.sendAsync(out);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
