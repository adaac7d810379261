/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.metrics.ConnectorStats.RouteStats;
import io.dsm.danube.client.AccessMode;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.KeyOrdering;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.SchemaRef;
import io.dsm.runtime.danube.DanubeFailures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Danube producers: one per fixed route target and per dead-letter topic, all created at
 * start-up so that a topic Danube refuses stops the connector before it takes any MQTT message;
 * and, for route targets rendered from templates ({@code to = "/iot/plant_$1"}), producers created
 * on first use in a bounded cache ({@link DynamicProducers}, {@code DYNAMIC_PRODUCER_CACHE}). A
 * topic with a {@code [[schemas]]} entry gets its producer with the schema reference, so each of
 * its messages carries {@code schema_id} and {@code schema_version}. Thread-safe.
 */
public final class ProducerRegistry implements ProducerLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerRegistry.class);

  private final Map<String, DanubeProducer> producers;
  private final DynamicProducers dynamic;
  private final String connectorName;
  private final int maxInFlight;
  private final KeyOrdering ordering;
  private final TopicSchemas schemas;
  private final ConnectorStats stats;

  private ProducerRegistry(
      Map<String, DanubeProducer> producers,
      DynamicProducers dynamic,
      String connectorName,
      int maxInFlight,
      KeyOrdering ordering,
      TopicSchemas schemas,
      ConnectorStats stats) {
    this.producers = Map.copyOf(producers);
    this.dynamic = dynamic;
    this.connectorName = connectorName;
    this.maxInFlight = maxInFlight;
    this.ordering = ordering;
    this.schemas = schemas;
    this.stats = stats;
  }

  /**
   * The topics that get a producer at start: every fixed route target and every dead-letter topic,
   * in configuration order, without repeats.
   */
  public static List<String> fixedTopics(List<RouteSettings> routes) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (RouteSettings r : routes) {
      if (!r.dynamicTarget()) {
        out.add(r.to());
      }
    }
    for (RouteSettings r : routes) {
      if (r.deadLetterTopic() != null) {
        out.add(r.deadLetterTopic());
      }
    }
    return List.copyOf(out);
  }

  /**
   * Creates every producer and waits for all of them (each bounded by the client's retry budget).
   * Each producer counts the resends the Danube client does on its own as retries of the first
   * route that targets its topic.
   *
   * @throws ProducerCreationException naming the first topic that failed; producers created so far
   *     are closed
   */
  public static ProducerRegistry create(
      DanubeClient client,
      String connectorName,
      List<RouteSettings> routes,
      int maxInFlight,
      KeyOrdering ordering,
      ConnectorStats stats,
      TopicSchemas schemas,
      int dynamicCapacity)
      throws ProducerCreationException, InterruptedException {
    Map<String, ProducerConfig> configs = new LinkedHashMap<>();
    for (RouteSettings r : routes) {
      if (r.dynamicTarget()) {
        continue;
      }
      ProducerConfig existing = configs.get(r.to());
      ProducerConfig wanted =
          producerConfig(connectorName, r, r.to(), maxInFlight, ordering)
              .withSchemaRef(schemas.refFor(r.to()));
      if (existing == null) {
        RouteStats rs = stats.route(r);
        configs.put(r.to(), wanted.withRetryListener((topic, code) -> rs.retried()));
      } else if (existing.partitions() != wanted.partitions()
          || existing.dispatchStrategy() != wanted.dispatchStrategy()) {
        LOG.warn(
            "Routes to Danube topic {} disagree on partitions/reliable dispatch; using the first"
                + " route's ({} partitions, {})",
            r.to(),
            existing.partitions(),
            existing.dispatchStrategy());
      }
    }
    for (RouteSettings r : routes) {
      String dlq = r.deadLetterTopic();
      if (dlq != null && !configs.containsKey(dlq)) {
        configs.put(
            dlq,
            producerConfig(connectorName, r, dlq, maxInFlight, ordering)
                .withSchemaRef(schemas.refFor(dlq)));
      }
    }
    Map<String, CompletableFuture<DanubeProducer>> pending = new LinkedHashMap<>();
    configs.forEach((topic, cfg) -> pending.put(topic, client.createProducer(cfg)));
    Map<String, DanubeProducer> created = new LinkedHashMap<>();
    ProducerCreationException failure = null;
    for (Map.Entry<String, CompletableFuture<DanubeProducer>> e : pending.entrySet()) {
      try {
        created.put(e.getKey(), e.getValue().get());
        LOG.info(
            "Danube producer '{}' ready on {}", configs.get(e.getKey()).producerName(), e.getKey());
      } catch (ExecutionException ex) {
        Throwable cause =
            ex.getCause() instanceof CompletionException ? ex.getCause().getCause() : ex.getCause();
        if (failure == null) {
          failure =
              new ProducerCreationException(
                  "cannot create Danube producer for topic "
                      + e.getKey()
                      + ": "
                      + DanubeFailures.describe(cause),
                  e.getKey(),
                  DanubeFailures.isMissingNamespace(cause)
                          || schemaConflict(cause, configs.get(e.getKey()))
                      ? ProducerCreationException.Kind.CONFIGURATION
                      : DanubeFailures.isRefusal(cause)
                          ? ProducerCreationException.Kind.REFUSED
                          : ProducerCreationException.Kind.UNAVAILABLE,
                  cause);
        }
      }
    }
    if (failure != null) {
      created.values().forEach(DanubeProducer::close);
      throw failure;
    }
    return new ProducerRegistry(
        created,
        new DynamicProducers(client::createProducer, dynamicCapacity, stats::recordProducerEvicted),
        connectorName,
        maxInFlight,
        ordering,
        schemas,
        stats);
  }

  /**
   * Whether Danube refused a producer with a schema reference for a reason only the configuration
   * can fix: the topic already uses another subject, or the subject or version is missing
   * (FAILED_PRECONDITION from CreateProducer, NOT_FOUND or a client-side check while resolving).
   */
  static boolean schemaConflict(Throwable cause, ProducerConfig config) {
    io.dsm.danube.client.DanubeException de =
        io.dsm.common.failure.Failures.find(
            io.dsm.common.failure.Failures.chain(cause),
            io.dsm.danube.client.DanubeException.class);
    if (de == null || de.isRetriable() || config == null || config.schemaRef() == null) {
      return false;
    }
    io.dsm.danube.client.DanubeStatus code = de.status();
    return code == io.dsm.danube.client.DanubeStatus.FAILED_PRECONDITION
        || code == io.dsm.danube.client.DanubeStatus.NOT_FOUND
        || code == io.dsm.danube.client.DanubeStatus.CLIENT;
  }

  /**
   * The producer of one target: up to the connector's whole window in flight per partition, and
   * sends retried until stored or the producer is closed, so that the producer is the one layer
   * that retries and a failed message keeps its place at the head of its key.
   */
  static ProducerConfig producerConfig(
      String connectorName, RouteSettings r, int maxInFlight, KeyOrdering ordering) {
    return producerConfig(connectorName, r, r.to(), maxInFlight, ordering);
  }

  /** The producer of {@code topic} with route {@code r}'s partitions and dispatch. */
  static ProducerConfig producerConfig(
      String connectorName, RouteSettings r, String topic, int maxInFlight, KeyOrdering ordering) {
    return new ProducerConfig(
        topic,
        producerName(connectorName, topic),
        AccessMode.SHARED,
        r.reliableDispatch() ? DispatchStrategy.RELIABLE : DispatchStrategy.NON_RELIABLE,
        r.partitions(),
        maxInFlight,
        null,
        null,
        ordering,
        ProducerConfig.RETRY_UNTIL_CLOSED);
  }

  /** {@code <connectorName>-<topic without the leading '/', other '/' as '_'>}. */
  static String producerName(String connectorName, String topic) {
    String t = topic.startsWith("/") ? topic.substring(1) : topic;
    return connectorName + "-" + t.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  @Override
  public DanubeProducer producerFor(String danubeTopic) {
    DanubeProducer p = producers.get(danubeTopic);
    if (p == null) {
      throw new IllegalStateException("no Danube producer for topic " + danubeTopic);
    }
    return p;
  }

  @Override
  public CompletableFuture<MessageId> send(
      RouteSettings route, String danubeTopic, OutgoingMessage message) {
    DanubeProducer p = producers.get(danubeTopic);
    if (p != null) {
      try {
        return p.sendAsync(message);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    if (route == null || !route.dynamicTarget()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("no Danube producer for topic " + danubeTopic));
    }
    RouteStats rs = stats.route(route);
    SchemaRef ref = schemas.refFor(danubeTopic);
    ProducerConfig config =
        producerConfig(connectorName, route, danubeTopic, maxInFlight, ordering)
            .withSchemaRef(ref)
            .withRetryListener((topic, code) -> rs.retried());
    return dynamic.send(config, message);
  }

  /** How many producers were created at start (fixed targets and dead-letter topics). */
  public int size() {
    return producers.size();
  }

  /** How many producers for template-rendered targets are open (or being created). */
  public int dynamicSize() {
    return dynamic.size();
  }

  /** Closes every producer (pending sends fail with ProducerClosedException). Idempotent. */
  @Override
  public void close() {
    dynamic.close();
    producers.values().forEach(DanubeProducer::close);
  }

  /** A producer could not be created at start-up. */
  public static final class ProducerCreationException extends SetupException {
    private static final long serialVersionUID = 1L;

    private final String topic;

    ProducerCreationException(String message, String topic, Kind kind, Throwable cause) {
      super(message, kind, cause);
      this.topic = topic;
    }

    public String topic() {
      return topic;
    }
  }
}
