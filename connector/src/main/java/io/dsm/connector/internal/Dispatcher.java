/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import io.dsm.common.LogText;
import io.dsm.common.failure.Failures;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.config.ValidationPolicy;
import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.metrics.ConnectorStats.RouteStats;
import io.dsm.connector.metrics.MetricNames.DeadLetterReason;
import io.dsm.connector.metrics.MetricNames.FailureReason;
import io.dsm.connector.mqtt.InboundSink;
import io.dsm.connector.routing.RouteTemplate;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerClosedException;
import io.dsm.mqtt.client.InboundPublish;
import io.dsm.runtime.danube.DanubeFailures;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *   <li>It cannot go to its target: the route's target template rendered no valid Danube topic
 *       ({@code template}), the payload does not match the topic's schema under {@code
 *       validation_policy = "enforce"} ({@code schema}), Danube rejected it for good, e.g. too
 *       large ({@code rejected}), or it was larger than {@code MQTT_MAX_PACKET_SIZE} and its
 *       payload was skipped unread ({@code oversize}). With a dead-letter topic it is sent there
 *       (payload byte for byte, or empty for oversize, its attributes plus {@code dlq.reason},
 *       {@code dlq.error}, {@code dlq.target}) and finished only once the dead-letter topic stored
 *       it; without one it is counted, logged (rate-limited) and finished. Redelivering a message
 *       Danube will never accept would block its MQTT topic (and, with a full window, the
 *       connector).
 *   <li>The dead-letter topic itself cannot take it: retried by its producer like any message;
 *       refused for good: the connector fails without acknowledging it (never acked unstored).
 *   <li>No route: count, warn once per topic, finish.
 *   <li>The producer was closed (shutting down): abandon, never acknowledged: the broker
 *       redelivers.
 *   <li>QoS 0: sent best-effort while the bounded QoS 0 buffer has room, otherwise dropped and
 *       counted; failures are counted, never retried.
 * </ul>
 *
 * <p>Under {@code validation_policy = "warn"} a mismatching payload is sent anyway, counted and
 * logged (rate-limited); under {@code none} payloads are only stamped with the schema.
 *
 * <p>Retrying is not done here: the producer retries a failed send until Danube stores it or the
 * producer is closed, keeping the message at the head of its routing key, so a retriable failure
 * never reaches this class. If one does (a producer configured otherwise, or a producer for a
 * rendered target that could not be created within the client's retry budget), the connector fails
 * rather than acknowledge or reorder anything.
 *
 * <p>Threads: {@link #onMessages} runs on the Danube client's network thread {@code danube-io} (the
 * MQTT intake's inbound executor), and so do completions (the connector's client uses direct
 * callbacks), so nothing here may block.
 */
public final class Dispatcher implements InboundSink {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final int MAX_WARNED_TOPICS = 1000;
  private static final int MAX_ERROR_CHARS = 1000;

  /** Attribute: why the message is in the dead-letter topic ({@link DeadLetterReason}). */
  public static final String ATTR_DLQ_REASON = "dlq.reason";

  /** Attribute: the failure in one line. */
  public static final String ATTR_DLQ_ERROR = "dlq.error";

  /** Attribute: the Danube topic the message was meant for (the template when none rendered). */
  public static final String ATTR_DLQ_TARGET = "dlq.target";

  /** Attribute (payload not included: oversize or refused): the payload's size in bytes. */
  public static final String ATTR_DLQ_SIZE = "dlq.size";

  /** Attribute: {@code true} when the dead-letter topic refused the payload and it was left out. */
  public static final String ATTR_DLQ_PAYLOAD_OMITTED = "dlq.payload_omitted";

  private final String connectorName;
  private final RouteLookup router;
  private final RecordMapper mapper;
  private final ProducerLookup producers;
  private final IntakeWindow window;
  private final ConnectorStats stats;
  private final Consumer<Throwable> fatal;
  private final TopicSchemas schemas;
  private final Map<RouteSettings, RouteTemplate> templates = new ConcurrentHashMap<>();
  private final Set<String> warnedUnrouted = ConcurrentHashMap.newKeySet();
  private final RateLimitedLog rejectedLog;
  private final RateLimitedLog droppedLog;
  private final RateLimitedLog oversizeLog;
  private final Predicate<InboundPublish> skip;
  private final RateLimitedLog schemaLog;
  private final RateLimitedLog templateLog;

  /**
   * @param connectorName the {@code connector} MDC value of every log line
   * @param router the first matching route of a topic
   * @param mapper MQTT message to Danube message
   * @param producers the producer of each target topic
   * @param window admits, finishes and abandons messages
   * @param stats counters
   * @param fatal told when a send failed in a way the pipeline cannot handle (any thread)
   * @param clock for rate-limited logging
   * @param schemas the schema of each topic that has one (payload checks)
   * @param skip messages to acknowledge and count without forwarding (loop prevention, {@link
   *     LoopMarker})
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
      TopicSchemas schemas,
      Predicate<InboundPublish> skip) {
    this.skip = skip;
    this.connectorName = connectorName;
    this.router = router;
    this.mapper = mapper;
    this.producers = producers;
    this.window = window;
    this.stats = stats;
    this.fatal = fatal;
    this.schemas = schemas;
    this.rejectedLog = everyTenSeconds(clock);
    this.droppedLog = everyTenSeconds(clock);
    this.oversizeLog = everyTenSeconds(clock);
    this.schemaLog = everyTenSeconds(clock);
    this.templateLog = everyTenSeconds(clock);
  }

  /** What happens to a message that cannot go to its target: {@code otherwise} without a DLQ. */
  private static String orDeadLetter(RouteSettings route, String otherwise) {
    return route.deadLetterTopic() == null
        ? otherwise
        : "sending it to the dead-letter topic " + route.deadLetterTopic();
  }

  private static RateLimitedLog everyTenSeconds(Clock clock) {
    return new RateLimitedLog(LOG, clock, Duration.ofSeconds(10));
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
    Optional<RouteSettings> found = router.route(m.topic());
    if (found.isEmpty()) {
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
    RouteSettings route = found.get();
    RouteStats rs = stats.route(route);
    RouteTemplate.Resolution res = resolve(route, m.topic());
    if (m.oversize()) {
      rs.droppedOversize();
      String error =
          "larger than MQTT_MAX_PACKET_SIZE ("
              + m.size()
              + " bytes); the payload was skipped unread";
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        oversizeLog.warn(
            "Dropped a {} byte message from MQTT topic '{}': larger than MQTT_MAX_PACKET_SIZE;"
                + " its payload was skipped unread and it is {}",
            m.size(),
            LogText.escape(m.topic()),
            route.deadLetterTopic() == null
                ? "acknowledged"
                : "sent without payload to the dead-letter topic " + route.deadLetterTopic());
      }
      OutgoingMessage base = mapper.map(m, res.attributes(), m.topic());
      deadLetterOrFinish(
          m, route, rs, base, DeadLetterReason.OVERSIZE, error, target(route, res), true);
      return;
    }
    rs.received(m.payload().length);
    OutgoingMessage out = mapper.map(m, res.attributes(), res.routingKey());
    if (res.failure() != null) {
      rs.failed(FailureReason.TEMPLATE);
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        templateLog.warn(
            "The target {} renders no Danube topic for MQTT topic '{}': {}; {}",
            route.to(),
            LogText.escape(m.topic()),
            res.failure(),
            orDeadLetter(route, "the message is acknowledged and skipped"));
      }
      deadLetterOrFinish(
          m, route, rs, out, DeadLetterReason.TEMPLATE, res.failure(), route.to(), false);
      return;
    }
    String topic = res.danubeTopic();
    Optional<TopicSchemas.Bound> schema = schemas.forTopic(topic);
    if (schema.isPresent() && schema.get().settings().validationPolicy() != ValidationPolicy.NONE) {
      Optional<String> problem = schema.get().check().problem(m.payload());
      if (problem.isPresent()) {
        boolean enforce = schema.get().settings().validationPolicy() == ValidationPolicy.ENFORCE;
        rs.schemaMismatch(enforce);
        String error =
            "payload does not match schema subject '"
                + schema.get().settings().subject()
                + "' ("
                + schema.get().settings().type().configName()
                + "): "
                + problem.get();
        try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
          schemaLog.warn(
              "Message from MQTT topic '{}' for Danube topic {}: {}; {}",
              LogText.escape(m.topic()),
              topic,
              error,
              !enforce
                  ? "sent anyway (validation_policy warn)"
                  : route.deadLetterTopic() == null
                      ? "acknowledged and skipped (validation_policy enforce)"
                      : "sent to the dead-letter topic " + route.deadLetterTopic());
        }
        if (enforce) {
          rs.failed(FailureReason.SCHEMA);
          deadLetterOrFinish(m, route, rs, out, DeadLetterReason.SCHEMA, error, topic, false);
          return;
        }
      }
    }
    if (LOG.isDebugEnabled()) {
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        LOG.debug(
            "Received {} bytes from MQTT topic '{}' (QoS {}) for Danube topic {}",
            m.payload().length,
            LogText.escape(m.topic()),
            m.qos(),
            topic);
      }
    }
    if (m.qos() == 0) {
      sendQos0(m, rs, route, topic, out);
    } else {
      send(m, rs, route, topic, out);
    }
  }

  /**
   * The route's outcome for the topic. A topic the route's filter does not match (only possible
   * with a custom {@link RouteLookup}) is a per-message template failure, never an exception on the
   * pipeline thread.
   */
  private RouteTemplate.Resolution resolve(RouteSettings route, String mqttTopic) {
    RouteTemplate t = templates.get(route);
    if (t == null) {
      t = templates.computeIfAbsent(route, RouteSettings::template);
    }
    try {
      return t.resolve(mqttTopic);
    } catch (IllegalArgumentException e) {
      return new RouteTemplate.Resolution(null, e.getMessage(), Map.of(), mqttTopic);
    }
  }

  private static String target(RouteSettings route, RouteTemplate.Resolution res) {
    return res.danubeTopic() != null ? res.danubeTopic() : route.to();
  }

  private void sendQos0(
      InboundPublish m, RouteStats rs, RouteSettings route, String topic, OutgoingMessage out) {
    int bytes = m.payload().length;
    if (!window.tryTakeQos0(bytes)) {
      rs.droppedQos0BufferFull();
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        droppedLog.warn(
            "QoS 0 buffer full; dropped a message from MQTT topic '{}'", LogText.escape(m.topic()));
      }
      return;
    }
    producers
        .send(route, topic, out)
        .whenComplete(
            (id, err) -> {
              window.releaseQos0(bytes);
              if (err == null) {
                rs.processed(m.receivedAtNanos());
                logDelivered(rs, m, topic);
              } else {
                rs.failed(FailureReason.QOS0_SEND_FAILED);
                try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                  rejectedLog.warn(
                      "QoS 0 message from MQTT topic '{}' not delivered to Danube {}: {}",
                      LogText.escape(m.topic()),
                      topic,
                      Failures.unwrap(err).getMessage());
                }
              }
            });
  }

  private void send(
      InboundPublish m, RouteStats rs, RouteSettings route, String topic, OutgoingMessage out) {
    producers
        .send(route, topic, out)
        .whenComplete(
            (id, err) -> {
              if (err == null) {
                rs.processed(m.receivedAtNanos());
                window.finish(m);
                logDelivered(rs, m, topic);
                return;
              }
              Throwable cause = Failures.unwrap(err);
              if (cause instanceof ProducerClosedException) {
                // Shutting down: leave the message unacknowledged so the broker redelivers it.
                window.abandon(m);
                return;
              }
              if ((cause instanceof DanubeException de && !de.isRetriable())
                  || (route.dynamicTarget() && DanubeFailures.isMissingNamespace(cause))) {
                // A rendered target in a namespace that does not exist: refused like a message.
                rs.failed(FailureReason.REJECTED);
                try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                  rejectedLog.warn(
                      "Danube topic {} permanently rejected a message from MQTT topic '{}' ({});"
                          + " {}",
                      topic,
                      LogText.escape(m.topic()),
                      cause.getMessage(),
                      orDeadLetter(route, "acknowledging it to MQTT so the topic is not blocked"));
                }
                deadLetterOrFinish(
                    m,
                    route,
                    rs,
                    out,
                    DeadLetterReason.REJECTED,
                    String.valueOf(cause.getMessage()),
                    topic,
                    false);
                return;
              }
              window.abandon(m);
              try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                LOG.error(
                    "Sending to Danube topic {} failed and the producer gave up ({}); stopping"
                        + " without acknowledging the message from MQTT topic '{}'",
                    topic,
                    cause.getMessage(),
                    LogText.escape(m.topic()));
              }
              fatal.accept(cause);
            });
  }

  /**
   * A message that cannot go to its target: to the route's dead-letter topic when it has one (and
   * finished once stored there), else finished at once (counted and logged by the caller).
   *
   * @param original the message as it would have gone to the target (payload and attributes)
   * @param oversize the payload was never read: the dead-letter message is sent without it
   */
  private void deadLetterOrFinish(
      InboundPublish m,
      RouteSettings route,
      RouteStats rs,
      OutgoingMessage original,
      DeadLetterReason reason,
      String error,
      String target,
      boolean oversize) {
    String dlq = route.deadLetterTopic();
    if (dlq == null) {
      if (m.qos() > 0) {
        window.finish(m);
      }
      return;
    }
    Map<String, String> attributes = new HashMap<>(original.attributes());
    attributes.put(ATTR_DLQ_REASON, reason.label());
    attributes.put(ATTR_DLQ_ERROR, oneLine(error));
    attributes.put(ATTR_DLQ_TARGET, target);
    if (oversize) {
      attributes.put(ATTR_DLQ_SIZE, Long.toString(m.size()));
    }
    OutgoingMessage letter =
        new OutgoingMessage(oversize ? new byte[0] : original.payload(), attributes, m.topic());
    int bytes = letter.payload().length;
    if (m.qos() == 0 && !window.tryTakeQos0(bytes)) {
      rs.droppedQos0BufferFull();
      return;
    }
    sendLetter(m, rs, route, reason, dlq, letter, bytes);
  }

  /**
   * Sends a dead letter; {@code qos0Bytes} is what it took of the QoS 0 buffer. A letter the
   * dead-letter topic refuses for good because of its payload (too large for Danube, as the message
   * itself may have been) is sent once more without the payload, with {@code dlq.size} and {@code
   * dlq.payload_omitted = true}; refused again, the connector fails without acknowledging.
   */
  private void sendLetter(
      InboundPublish m,
      RouteStats rs,
      RouteSettings route,
      DeadLetterReason reason,
      String dlq,
      OutgoingMessage letter,
      int qos0Bytes) {
    producers
        .send(route, dlq, letter)
        .whenComplete(
            (id, err) -> {
              Throwable cause = err == null ? null : Failures.unwrap(err);
              if (cause instanceof DanubeException de
                  && !(cause instanceof ProducerClosedException)
                  && !de.isRetriable()
                  && letter.payload().length > 0) {
                Map<String, String> attributes = new HashMap<>(letter.attributes());
                attributes.put(ATTR_DLQ_SIZE, Integer.toString(letter.payload().length));
                attributes.put(ATTR_DLQ_PAYLOAD_OMITTED, "true");
                try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                  rejectedLog.warn(
                      "The dead-letter topic {} refused a {} byte message from MQTT topic '{}'"
                          + " ({}); sending it there without its payload",
                      dlq,
                      letter.payload().length,
                      LogText.escape(m.topic()),
                      cause.getMessage());
                }
                sendLetter(
                    m,
                    rs,
                    route,
                    reason,
                    dlq,
                    new OutgoingMessage(new byte[0], attributes, letter.routingKey()),
                    qos0Bytes);
                return;
              }
              if (m.qos() == 0) {
                window.releaseQos0(qos0Bytes);
              }
              if (err == null) {
                rs.deadLettered(reason);
                if (m.qos() > 0) {
                  window.finish(m);
                }
                if (LOG.isDebugEnabled()) {
                  LOG.debug(
                      "Dead-letter topic {} stored the message from MQTT topic '{}' ({})",
                      dlq,
                      LogText.escape(m.topic()),
                      reason.label());
                }
                return;
              }
              if (m.qos() == 0) {
                rs.failed(FailureReason.QOS0_SEND_FAILED);
                return;
              }
              window.abandon(m);
              if (cause instanceof ProducerClosedException) {
                return;
              }
              try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
                LOG.error(
                    "The dead-letter topic {} did not take the message from MQTT topic '{}' ({});"
                        + " stopping without acknowledging it",
                    dlq,
                    LogText.escape(m.topic()),
                    cause.getMessage());
              }
              fatal.accept(cause);
            });
  }

  static String oneLine(String s) {
    String line = s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    return line.length() > MAX_ERROR_CHARS ? line.substring(0, MAX_ERROR_CHARS) + "..." : line;
  }

  private void logDelivered(RouteStats rs, InboundPublish m, String topic) {
    if (LOG.isDebugEnabled()) {
      try (LogContext.Scope s = LogContext.scope(connectorName, rs.name())) {
        LOG.debug(
            "Danube {} acknowledged the message from MQTT topic '{}'",
            topic,
            LogText.escape(m.topic()));
      }
    }
  }
}
