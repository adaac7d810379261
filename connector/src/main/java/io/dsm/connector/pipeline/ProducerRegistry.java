/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.metrics.ConnectorStats.RouteStats;
import io.dsm.danube.client.AccessMode;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.KeyOrdering;
import io.dsm.danube.client.ProducerConfig;
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
 * One {@link DanubeProducer} per Danube topic a route targets, all created at start-up so that a
 * topic Danube refuses stops the connector before it takes any MQTT message. Immutable after {@link
 * #create}; thread-safe.
 */
public final class ProducerRegistry implements ProducerLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerRegistry.class);

  private final Map<String, DanubeProducer> producers;

  private ProducerRegistry(Map<String, DanubeProducer> producers) {
    this.producers = Map.copyOf(producers);
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
      ConnectorStats stats)
      throws ProducerCreationException, InterruptedException {
    Map<String, ProducerConfig> configs = new LinkedHashMap<>();
    for (RouteSettings r : routes) {
      ProducerConfig existing = configs.get(r.to());
      ProducerConfig wanted = producerConfig(connectorName, r, maxInFlight, ordering);
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
    return new ProducerRegistry(created);
  }

  /**
   * The producer of one target: up to the connector's whole window in flight per partition, and
   * sends retried until stored or the producer is closed, so that the producer is the one layer
   * that retries and a failed message keeps its place at the head of its key.
   */
  static ProducerConfig producerConfig(
      String connectorName, RouteSettings r, int maxInFlight, KeyOrdering ordering) {
    return new ProducerConfig(
        r.to(),
        producerName(connectorName, r.to()),
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

  /** How many producers exist (one per Danube topic the routes target). */
  public int size() {
    return producers.size();
  }

  /** Closes every producer (pending sends fail with ProducerClosedException). Idempotent. */
  @Override
  public void close() {
    producers.values().forEach(DanubeProducer::close);
  }

  /** A producer could not be created at start-up. */
  public static final class ProducerCreationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the producer could not be created. */
    public enum Kind {
      /** The target cannot work as configured (its namespace does not exist). */
      CONFIGURATION,
      /** Danube refused us (credentials, permissions, certificates). */
      REFUSED,
      /** Danube could not be reached. */
      UNAVAILABLE
    }

    private final String topic;
    private final Kind kind;

    ProducerCreationException(String message, String topic, Kind kind, Throwable cause) {
      super(message, cause);
      this.topic = topic;
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }

    public String topic() {
      return topic;
    }
  }
}
