/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.metrics.ConnectorStats.RouteStats;
import io.dsm.connector.metrics.MetricNames.FailureReason;
import io.dsm.connector.mqtt.InboundMessage;
import io.dsm.connector.mqtt.InboundSink;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerClosedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Routes, maps and sends each MQTT message to Danube, and decides what each outcome means for the
 * MQTT acknowledgement:
 *
 * <ul>
 *   <li>Danube acknowledged: acknowledge to MQTT.
 *   <li>Retriable failure (the client's own retry budget ran out, Danube down): send again after a
 *       jittered backoff, forever while running; never dropped, never acknowledged before Danube
 *       took it.
 *   <li>Permanent rejection of this message (e.g. too large for Danube): count, log (rate-limited)
 *       with its MQTT topic, and acknowledge it. Redelivering a message Danube will never accept
 *       would block its MQTT topic (and, with a full window, the whole connector) forever.
 *   <li>No route: count, warn once per topic, acknowledge.
 *   <li>QoS 0: sent best-effort from a bounded buffer; when the buffer is full the message is
 *       dropped and counted; failures are counted, never retried.
 * </ul>
 *
 * <p>Every outcome is recorded in {@link ConnectorStats} (per route). Log lines about a route carry
 * the {@code connector} and {@code route} MDC keys; per-message lines are at debug level only and
 * repeated failures are rate-limited.
 *
 * <p>Threads: {@link #onMessage} runs on the Danube client's network thread {@code danube-io} (the
 * MQTT intake's inbound executor), and so do completions (the connector's client uses direct
 * callbacks, see {@code DanubeConnection}), so nothing here may block; resends on {@code
 * connector-resend} (created here).
 */
public final class Dispatcher implements InboundSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final int MAX_WARNED_TOPICS = 1000;
  private static final long RESEND_BASE_MILLIS = 200;
  private static final long RESEND_MAX_MILLIS = 5_000;

  private final String connectorName;
  private final RouteLookup router;
  private final RecordMapper mapper;
  private final ProducerRegistry producers;
  private final InFlightWindow window;
  private final DeliveryTracker tracker;
  private final ConnectorStats stats;
  private final int qos0Capacity;
  private final AtomicInteger qos0Outstanding = new AtomicInteger();
  private final Set<String> warnedUnrouted = ConcurrentHashMap.newKeySet();
  private final RateLimitedLog rejectedLog;
  private final RateLimitedLog droppedLog;
  private final RateLimitedLog retryLog;
  private final ScheduledExecutorService resend;
  private volatile boolean closed;

  public Dispatcher(
      String connectorName,
      RouteLookup router,
      RecordMapper mapper,
      ProducerRegistry producers,
      InFlightWindow window,
      DeliveryTracker tracker,
      ConnectorStats stats,
      int qos0Capacity,
      Clock clock) {
    this.connectorName = connectorName;
    this.router = router;
    this.mapper = mapper;
    this.producers = producers;
    this.window = window;
    this.tracker = tracker;
    this.stats = stats;
    this.qos0Capacity = qos0Capacity;
    this.rejectedLog = new RateLimitedLog(LOG, clock, Duration.ofSeconds(10));
    this.droppedLog = new RateLimitedLog(LOG, clock, Duration.ofSeconds(10));
    this.retryLog = new RateLimitedLog(LOG, clock, Duration.ofSeconds(10));
    this.resend =
        Executors.newSingleThreadScheduledExecutor(
            LogContext.threads("connector-resend", connectorName));
  }

  @Override
  public void onMessage(InboundMessage m) {
    if (!connectorName.equals(MDC.get(LogContext.CONNECTOR))) {
      // Once per thread in practice: the intake's thread belongs to this connector.
      MDC.put(LogContext.CONNECTOR, connectorName);
    }
    stats.recordReceived();
    Optional<RouteSettings> route = router.route(m.topic());
    if (route.isEmpty()) {
      stats.recordUnrouted();
      if (warnedUnrouted.size() < MAX_WARNED_TOPICS && warnedUnrouted.add(m.topic())) {
        LOG.warn(
            "No route matches MQTT topic '{}'; its messages are acknowledged and skipped",
            m.topic());
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("Skipped unrouted message from MQTT topic '{}'", m.topic());
      }
      m.ack().acknowledge();
      window.release();
      return;
    }
    RouteStats rs = stats.route(route.get());
    rs.received(m.payload().length);
    if (LOG.isDebugEnabled()) {
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        LOG.debug(
            "Received {} bytes from MQTT topic '{}' (QoS {}) for Danube topic {}",
            m.payload().length,
            m.topic(),
            m.qos(),
            route.get().to());
      }
    }
    DanubeProducer producer = producers.producerFor(route.get().to());
    OutgoingMessage out = mapper.map(m);
    if (m.qos() == 0) {
      sendQos0(m, rs, producer, out);
    } else {
      rs.sending();
      send(tracker.begin(m), rs, producer, out, 0);
    }
  }

  private void sendQos0(
      InboundMessage m, RouteStats rs, DanubeProducer producer, OutgoingMessage out) {
    // The QoS 0 message needs no acknowledgement, so its window permit goes back at once; the
    // bounded QoS 0 buffer is what limits memory instead.
    window.release();
    if (qos0Outstanding.incrementAndGet() > qos0Capacity) {
      qos0Outstanding.decrementAndGet();
      rs.droppedQos0BufferFull();
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        droppedLog.warn(
            "QoS 0 buffer full ({} messages); dropped a message from MQTT topic '{}'",
            qos0Capacity,
            m.topic());
      }
      return;
    }
    rs.sending();
    sendAsync(producer, out)
        .whenComplete(
            (id, err) -> {
              qos0Outstanding.decrementAndGet();
              if (err == null) {
                rs.processed(m.receivedAtNanos());
                logDelivered(rs, m, producer);
              } else {
                rs.failed(FailureReason.QOS0_SEND_FAILED);
                try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                  rejectedLog.warn(
                      "QoS 0 message from MQTT topic '{}' not delivered to Danube {}: {}",
                      m.topic(),
                      producer.topic(),
                      unwrap(err).getMessage());
                }
              }
            });
  }

  private void logDelivered(RouteStats rs, InboundMessage m, DanubeProducer producer) {
    if (LOG.isDebugEnabled()) {
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        LOG.debug(
            "Danube {} acknowledged the message from MQTT topic '{}'", producer.topic(), m.topic());
      }
    }
  }

  private void send(
      DeliveryTracker.Delivery d,
      RouteStats rs,
      DanubeProducer producer,
      OutgoingMessage out,
      int attempt) {
    sendAsync(producer, out)
        .whenComplete(
            (id, err) -> {
              if (err == null) {
                rs.processed(d.message().receivedAtNanos());
                d.finish();
                logDelivered(rs, d.message(), producer);
                return;
              }
              Throwable cause = unwrap(err);
              if (closed || cause instanceof ProducerClosedException) {
                // Shutting down: leave the message unacknowledged so the broker redelivers it.
                return;
              }
              if (cause instanceof DanubeException de && !de.isRetriable()) {
                rs.failed(FailureReason.REJECTED);
                try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                  rejectedLog.warn(
                      "Danube topic {} permanently rejected a message from MQTT topic '{}' ({});"
                          + " acknowledging it to MQTT so the topic is not blocked",
                      producer.topic(),
                      d.message().topic(),
                      cause.getMessage());
                }
                d.finish();
                return;
              }
              long delay = resendDelayMillis(attempt);
              rs.retried();
              try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                retryLog.warn(
                    "Sending to Danube topic {} failed ({}); sending the message from MQTT topic"
                        + " '{}' again in {} ms",
                    producer.topic(),
                    cause.getMessage(),
                    d.message().topic(),
                    delay);
              }
              try {
                resend.schedule(
                    () -> {
                      if (!closed) {
                        send(d, rs, producer, out, attempt + 1);
                      }
                    },
                    delay,
                    TimeUnit.MILLISECONDS);
              } catch (RejectedExecutionException e) {
                LOG.debug("resend not scheduled, dispatcher closed");
              }
            });
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

  static long resendDelayMillis(int attempt) {
    long ceiling =
        Math.min(RESEND_MAX_MILLIS, RESEND_BASE_MILLIS << Math.min(Math.max(attempt, 0), 10));
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** QoS 0 messages handed to Danube and not yet completed. */
  public int qos0Outstanding() {
    return qos0Outstanding.get();
  }

  /** Stops resending; outcomes arriving later no longer trigger sends. Idempotent. */
  @Override
  public void close() {
    closed = true;
    resend.shutdownNow();
  }
}
