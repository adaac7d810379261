/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.metrics;

import static io.dsm.connector.metrics.MetricNames.LABEL_CONNECTOR;
import static io.dsm.connector.metrics.MetricNames.LABEL_DANUBE_TOPIC;
import static io.dsm.connector.metrics.MetricNames.LABEL_REASON;
import static io.dsm.connector.metrics.MetricNames.LABEL_ROUTE;

import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.metrics.MetricNames.DeadLetterReason;
import io.dsm.connector.metrics.MetricNames.DropReason;
import io.dsm.connector.metrics.MetricNames.FailureReason;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What the pipeline records about messages: the counters and the processing-time histogram of one
 * connector (Prometheus client metrics in the connector's registry, names in {@link MetricNames}),
 * (what the pipeline holds is the intake window's to count). The pipeline only calls this class,
 * never the Prometheus API. Thread-safe: every method may be called from any thread; the
 * per-message methods do not block or allocate beyond what the Prometheus counters do.
 */
public final class ConnectorStats {
  /** Upper bounds of the processing-time buckets: 0.5 ms to a minute (resends take long). */
  static final double[] DURATION_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private final LongSupplier nanoTime;
  private final Counter receivedCounter;
  private final Counter processedCounter;
  private final Histogram duration;
  private final Counter routeReceived;
  private final Counter routeProcessed;
  private final Counter routeBytes;
  private final Counter failedCounter;
  private final Counter droppedCounter;
  private final Counter retriesCounter;
  private final Counter deadLetteredCounter;
  private final Counter schemaMismatchCounter;
  private final Counter evictionsCounter;
  private final CounterDataPoint droppedNoRoute;
  private final CounterDataPoint droppedLoopMarked;
  private final Map<RouteSettings, RouteStats> routes = new ConcurrentHashMap<>();

  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder unrouted = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();

  /** Stats in a registry of their own, for tests of the pipeline. */
  public ConnectorStats() {
    this("connector", List.of(), new PrometheusRegistry(), System::nanoTime);
  }

  /**
   * Registers the connector's message metrics in {@code registry} and creates the series of every
   * route up front, so dashboards and alerts see zeros rather than missing series.
   *
   * @param connectorName the {@code connector} label
   * @param configuredRoutes the routes (their {@code route} and {@code danube_topic} labels)
   * @param registry where the metrics are registered; one registry per connector
   * @param nanoTime the monotonic clock ({@link System#nanoTime()} outside tests)
   */
  public ConnectorStats(
      String connectorName,
      List<RouteSettings> configuredRoutes,
      PrometheusRegistry registry,
      LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    Labels connector = Labels.of(LABEL_CONNECTOR, connectorName);
    receivedCounter =
        Counter.builder()
            .name(MetricNames.RECEIVED)
            .help("Messages received from MQTT (any QoS, routed or not)")
            .constLabels(connector)
            .withoutExemplars()
            .register(registry);
    processedCounter =
        Counter.builder()
            .name(MetricNames.PROCESSED)
            .help("Messages Danube acknowledged")
            .constLabels(connector)
            .withoutExemplars()
            .register(registry);
    duration =
        Histogram.builder()
            .name(MetricNames.PROCESSING_DURATION)
            .help("Time from receiving a message from MQTT to Danube's acknowledgement")
            .unit(Unit.SECONDS)
            .constLabels(connector)
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .withoutExemplars()
            .register(registry);
    routeReceived =
        routeCounter(MetricNames.ROUTE_RECEIVED, "Messages received on a route", connector)
            .register(registry);
    routeProcessed =
        routeCounter(
                MetricNames.ROUTE_PROCESSED, "Messages of a route Danube acknowledged", connector)
            .register(registry);
    routeBytes =
        routeCounter(
                MetricNames.ROUTE_PAYLOAD_BYTES,
                "Payload bytes of the messages received on a route",
                connector)
            .register(registry);
    retriesCounter =
        routeCounter(
                MetricNames.SEND_RETRIES,
                "Sends to Danube repeated after a retriable failure, by the Danube client within"
                    + " its retry budget or by the connector after it",
                connector)
            .register(registry);
    failedCounter =
        Counter.builder()
            .name(MetricNames.FAILED)
            .help("Messages that did not reach Danube, by reason")
            .constLabels(connector)
            .labelNames(LABEL_ROUTE, LABEL_DANUBE_TOPIC, LABEL_REASON)
            .withoutExemplars()
            .register(registry);
    droppedCounter =
        Counter.builder()
            .name(MetricNames.DROPPED)
            .help("Messages the connector dropped without sending them to Danube, by reason")
            .constLabels(connector)
            .labelNames(LABEL_ROUTE, LABEL_DANUBE_TOPIC, LABEL_REASON)
            .withoutExemplars()
            .register(registry);
    droppedNoRoute = droppedCounter.labelValues("", "", DropReason.NO_ROUTE.label());
    droppedLoopMarked = droppedCounter.labelValues("", "", DropReason.LOOP_MARKED.label());
    deadLetteredCounter =
        Counter.builder()
            .name(MetricNames.DEAD_LETTERED)
            .help(
                "Messages stored in the dead-letter topic instead of their target, by reason"
                    + " (then acknowledged to MQTT)")
            .constLabels(connector)
            .labelNames(LABEL_ROUTE, LABEL_DANUBE_TOPIC, LABEL_REASON)
            .withoutExemplars()
            .register(registry);
    schemaMismatchCounter =
        Counter.builder()
            .name(MetricNames.SCHEMA_MISMATCHES)
            .help(
                "Payloads that do not match their topic's schema, by validation_policy (warn: sent"
                    + " anyway; enforce: not sent to the topic)")
            .constLabels(connector)
            .labelNames(LABEL_ROUTE, LABEL_DANUBE_TOPIC, MetricNames.LABEL_POLICY)
            .withoutExemplars()
            .register(registry);
    evictionsCounter =
        Counter.builder()
            .name(MetricNames.DYNAMIC_PRODUCER_EVICTIONS)
            .help(
                "Idle producers of template-rendered targets closed because"
                    + " DYNAMIC_PRODUCER_CACHE was full")
            .constLabels(connector)
            .withoutExemplars()
            .register(registry);
    configuredRoutes.forEach(this::route);
  }

  private static Counter.Builder routeCounter(String name, String help, Labels connector) {
    return Counter.builder()
        .name(name)
        .help(help)
        .constLabels(connector)
        .labelNames(LABEL_ROUTE, LABEL_DANUBE_TOPIC)
        .withoutExemplars();
  }

  /** The recorder of one route (created on first use for a route that was not configured). */
  public RouteStats route(RouteSettings route) {
    RouteStats r = routes.get(route);
    return r != null ? r : routes.computeIfAbsent(route, RouteStats::new);
  }

  /** A message arrived from MQTT (any QoS, routed or not). */
  public void recordReceived() {
    receivedCounter.inc();
  }

  /** No route matched the message's topic; it is acknowledged and skipped. */
  /** A message a sink published was skipped (loop prevention). */
  public void recordLoopMarked() {
    dropped.increment();
    droppedLoopMarked.inc();
  }

  public void recordUnrouted() {
    unrouted.increment();
    dropped.increment();
    droppedNoRoute.inc();
  }

  /** Messages skipped because a sink published them. */
  public long loopMarked() {
    return (long) droppedLoopMarked.get();
  }

  public long received() {
    return receivedCounter.getLongValue();
  }

  public long processed() {
    return processedCounter.getLongValue();
  }

  /** How many processing durations the histogram holds (equals {@link #processed()}). */
  public long processingDurationCount() {
    return duration.getCount();
  }

  public long failed() {
    return failed.sum();
  }

  /** Dropped messages of every reason, including unrouted ones. */
  public long dropped() {
    return dropped.sum();
  }

  public long unrouted() {
    return unrouted.sum();
  }

  public long retried() {
    return retried.sum();
  }

  /** Messages stored in a dead-letter topic. */
  public long deadLettered() {
    return deadLettered.sum();
  }

  /**
   * Registers the gauge of open producers for template-rendered targets; {@code count} is read at
   * scrape time and must not block.
   */
  public static void registerDynamicProducers(
      PrometheusRegistry registry, String connectorName, java.util.function.IntSupplier count) {
    io.prometheus.metrics.core.metrics.GaugeWithCallback.builder()
        .name(MetricNames.DYNAMIC_PRODUCERS)
        .help(
            "Open (or opening) producers of template-rendered targets; at most"
                + " DYNAMIC_PRODUCER_CACHE while idle ones can be closed")
        .constLabels(Labels.of(LABEL_CONNECTOR, connectorName))
        .callback(cb -> cb.call(count.getAsInt()))
        .register(registry);
  }

  /** An idle dynamic producer was closed to make room. */
  public void recordProducerEvicted() {
    evictionsCounter.inc();
  }

  public long producerEvictions() {
    return evictionsCounter.getLongValue();
  }

  /** An immutable snapshot for logs. */
  public Snapshot snapshot() {
    return new Snapshot(received(), processed(), failed(), dropped(), unrouted(), retried());
  }

  /** Point-in-time values of every counter. */
  public record Snapshot(
      long received, long processed, long failed, long dropped, long unrouted, long retried) {}

  /** Records what happens to the messages of one route. Thread-safe. */
  public final class RouteStats {
    private final String name;
    private final CounterDataPoint received;
    private final CounterDataPoint processed;
    private final CounterDataPoint bytes;
    private final CounterDataPoint retries;
    private final Map<FailureReason, CounterDataPoint> failures =
        new EnumMap<>(FailureReason.class);
    private final CounterDataPoint droppedQos0;
    private final CounterDataPoint droppedOversize;
    private final Map<DeadLetterReason, CounterDataPoint> deadLetters =
        new EnumMap<>(DeadLetterReason.class);
    private final CounterDataPoint mismatchWarn;
    private final CounterDataPoint mismatchEnforce;

    private RouteStats(RouteSettings route) {
      String from = route.from();
      String to = route.to();
      this.name = from;
      received = routeReceived.labelValues(from, to);
      processed = routeProcessed.labelValues(from, to);
      bytes = routeBytes.labelValues(from, to);
      retries = retriesCounter.labelValues(from, to);
      for (FailureReason r : FailureReason.values()) {
        failures.put(r, failedCounter.labelValues(from, to, r.label()));
      }
      droppedQos0 = droppedCounter.labelValues(from, to, DropReason.QOS0_BUFFER_FULL.label());
      droppedOversize = droppedCounter.labelValues(from, to, DropReason.OVERSIZE.label());
      for (DeadLetterReason r : DeadLetterReason.values()) {
        deadLetters.put(r, deadLetteredCounter.labelValues(from, to, r.label()));
      }
      mismatchWarn = schemaMismatchCounter.labelValues(from, to, "warn");
      mismatchEnforce = schemaMismatchCounter.labelValues(from, to, "enforce");
    }

    /** The message was stored in the dead-letter topic for {@code reason}. */
    public void deadLettered(DeadLetterReason reason) {
      deadLetters.get(reason).inc();
      deadLettered.increment();
    }

    /** A payload did not match its topic's schema; {@code enforced}: it was not sent there. */
    public void schemaMismatch(boolean enforced) {
      (enforced ? mismatchEnforce : mismatchWarn).inc();
    }

    /** The {@code route} label value: the route's MQTT filter. */
    public String name() {
      return name;
    }

    /** A message matched this route. */
    public void received(int payloadBytes) {
      received.inc();
      bytes.inc(payloadBytes);
    }

    /** Danube acknowledged the message, received from MQTT at {@code receivedAtNanos}. */
    public void processed(long receivedAtNanos) {
      long now = nanoTime.getAsLong();
      processed.inc();
      processedCounter.inc();
      duration.observe(Math.max(0, now - receivedAtNanos) / 1e9);
    }

    /** The message will not reach Danube (its send was started). */
    public void failed(FailureReason reason) {
      failures.get(reason).inc();
      failed.increment();
    }

    /** A message over the maximum packet size was dropped (its payload was never read). */
    public void droppedOversize() {
      droppedOversize.inc();
      dropped.increment();
    }

    /** A QoS 0 message was dropped because its buffer was full. */
    public void droppedQos0BufferFull() {
      droppedQos0.inc();
      dropped.increment();
    }

    /**
     * A send is scheduled again after a retriable failure (by the connector, or by the Danube
     * client on its own). Called on gRPC threads: must stay non-blocking.
     */
    public void retried() {
      retries.inc();
      retried.increment();
    }
  }
}
