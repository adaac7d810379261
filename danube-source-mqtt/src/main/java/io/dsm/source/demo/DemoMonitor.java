/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import io.dsm.connector.routing.TopicRouter;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.danube.testkit.TopicView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Watches both ends of the demo, per route: what the MQTT broker sent to the connector (reported by
 * the broker, any thread) and what the Danube test broker stored (read by {@link #poll}, one
 * thread). From the stored messages it takes the latency (MQTT publish to Danube stored, for the
 * simulated devices' messages), the rate and the last message, and it notices messages that came
 * from an external client.
 */
final class DemoMonitor {
  /** The rate is averaged over this window. */
  private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** The live latency covers this many polls (seconds), so that start-up does not dominate it. */
  static final int LATENCY_WINDOW_POLLS = 10;

  /**
   * Latencies of messages stored this long after the first poll count as steady state: the first
   * seconds pay for class loading, JIT compilation and connection set-up.
   */
  static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * One route's figures at one moment.
   *
   * @param received PUBLISH packets the MQTT broker sent to the connector for this route
   * @param stored messages the Danube test broker stored on the route's topic (all partitions)
   * @param ratePerSecond stored messages per second over the last few seconds
   * @param latencySamples how many latencies were measured since the start
   * @param p50Micros median MQTT publish to Danube stored latency since the start, microseconds
   * @param p99Micros 99th percentile of that latency since the start, microseconds
   * @param recentSamples latencies measured in the last {@value #LATENCY_WINDOW_POLLS} polls
   * @param recentP99Micros 99th percentile of those, microseconds
   * @param steadySamples latencies measured after the warm-up ({@link #WARM_UP_NANOS})
   * @param steadyP50Micros median of those, microseconds
   * @param steadyP99Micros 99th percentile of those, microseconds
   * @param last the most recently stored message, if any
   */
  record RouteFigures(
      DemoRoute route,
      long received,
      long stored,
      double ratePerSecond,
      long latencySamples,
      long p50Micros,
      long p99Micros,
      long recentSamples,
      long recentP99Micros,
      long steadySamples,
      long steadyP50Micros,
      long steadyP99Micros,
      Optional<StoredMessage> last) {}

  /**
   * Everything the live view shows.
   *
   * @param routes the routes in configuration order
   * @param externalMessages stored messages that no simulated device published
   * @param lastExternal the latest of those, with the Danube topic it was stored on
   */
  record Snapshot(
      List<RouteFigures> routes, long externalMessages, Optional<StoredMessage> lastExternal) {

    long receivedTotal() {
      return routes.stream().mapToLong(RouteFigures::received).sum();
    }

    long storedTotal() {
      return routes.stream().mapToLong(RouteFigures::stored).sum();
    }
  }

  private final List<RouteState> routes = new ArrayList<>();
  private final TopicRouter<RouteState> router;
  private final PublishLedger ledger;
  private final Function<String, TopicView> topics;
  private final LongAdder unrouted = new LongAdder();
  private long externalMessages;
  private long firstPollNanos = -1;
  private StoredMessage lastExternal;

  /**
   * @param topics the Danube test broker's topic views by name ({@code broker::topic})
   */
  DemoMonitor(List<DemoRoute> routes, PublishLedger ledger, Function<String, TopicView> topics) {
    for (DemoRoute route : routes) {
      this.routes.add(new RouteState(route));
    }
    this.router = TopicRouter.of(this.routes, state -> state.route.filter());
    this.ledger = ledger;
    this.topics = topics;
  }

  /** The MQTT broker sent a PUBLISH on {@code mqttTopic} to the connector. Any thread. */
  void onSentToConnector(String mqttTopic) {
    router
        .route(mqttTopic)
        .ifPresentOrElse(route -> route.target().received.increment(), unrouted::increment);
  }

  /** PUBLISH packets sent to the connector, over all routes. */
  long receivedTotal() {
    return routes.stream().mapToLong(r -> r.received.sum()).sum() + unrouted.sum();
  }

  /** Reads what the Danube test broker stored since the last call. */
  synchronized void poll(long nowNanos) {
    if (firstPollNanos < 0) {
      firstPollNanos = nowNanos;
    }
    for (RouteState route : routes) {
      long stored = 0;
      for (String topic : route.route.storageTopics()) {
        TopicView view = topics.apply(topic);
        stored += view.messageCount();
        long next = route.nextOffset.getOrDefault(topic, 0L);
        for (StoredMessage message : view.messages()) {
          if (message.offset() >= next) {
            take(route, message);
            next = message.offset() + 1;
          }
        }
        route.nextOffset.put(topic, next);
      }
      route.stored = stored;
      route.closeInterval();
      route.samples.addLast(new long[] {nowNanos, stored});
      while (route.samples.size() > 2
          && nowNanos - route.samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
        route.samples.removeFirst();
      }
    }
  }

  private void take(RouteState route, StoredMessage message) {
    String mqttTopic = message.attributes().get("mqtt.topic");
    if (mqttTopic == null) {
      mqttTopic = message.routingKey() == null ? "" : message.routingKey();
    }
    PublishLedger.Origin origin = ledger.take(mqttTopic, message.payload());
    if (origin.simulated()) {
      origin
          .publishedAtNanos()
          .ifPresent(
              published ->
                  route.recordLatency(
                      Math.max(
                          0, TimeUnit.NANOSECONDS.toMicros(message.arrivalNanos() - published)),
                      message.arrivalNanos() - firstPollNanos >= WARM_UP_NANOS));
    } else {
      externalMessages++;
      lastExternal = message;
    }
    if (route.last == null || message.arrivalNanos() - route.last.arrivalNanos() >= 0) {
      route.last = message;
    }
  }

  synchronized Snapshot snapshot() {
    List<RouteFigures> figures = new ArrayList<>();
    for (RouteState route : routes) {
      Histogram h = route.latencyMicros;
      long samples = h.getTotalCount();
      Histogram recent = route.recent();
      long recentSamples = recent.getTotalCount();
      Histogram steady = route.steadyMicros;
      long steadySamples = steady.getTotalCount();
      figures.add(
          new RouteFigures(
              route.route,
              route.received.sum(),
              route.stored,
              route.rate(),
              samples,
              samples == 0 ? 0 : h.getValueAtPercentile(50),
              samples == 0 ? 0 : h.getValueAtPercentile(99),
              recentSamples,
              recentSamples == 0 ? 0 : recent.getValueAtPercentile(99),
              steadySamples,
              steadySamples == 0 ? 0 : steady.getValueAtPercentile(50),
              steadySamples == 0 ? 0 : steady.getValueAtPercentile(99),
              Optional.ofNullable(route.last)));
    }
    return new Snapshot(List.copyOf(figures), externalMessages, Optional.ofNullable(lastExternal));
  }

  /** Mutable per-route state; {@link #received} is written by broker threads, the rest by poll. */
  private static final class RouteState {
    final DemoRoute route;
    final LongAdder received = new LongAdder();
    final Map<String, Long> nextOffset = new HashMap<>();
    final Histogram latencyMicros = new Histogram(3);
    final Histogram steadyMicros = new Histogram(3);
    final ArrayDeque<Histogram> intervals = new ArrayDeque<>();
    Histogram interval = new Histogram(3);
    final ArrayDeque<long[]> samples = new ArrayDeque<>();
    long stored;
    StoredMessage last;

    RouteState(DemoRoute route) {
      this.route = route;
    }

    void recordLatency(long micros, boolean afterWarmUp) {
      latencyMicros.recordValue(micros);
      if (afterWarmUp) {
        steadyMicros.recordValue(micros);
      }
      interval.recordValue(micros);
    }

    void closeInterval() {
      intervals.addLast(interval);
      while (intervals.size() > LATENCY_WINDOW_POLLS) {
        intervals.removeFirst();
      }
      interval = new Histogram(3);
    }

    Histogram recent() {
      Histogram sum = new Histogram(3);
      intervals.forEach(sum::add);
      return sum;
    }

    double rate() {
      if (samples.size() < 2) {
        return 0;
      }
      long[] first = samples.peekFirst();
      long[] latest = samples.peekLast();
      long nanos = latest[0] - first[0];
      return nanos <= 0 ? 0 : (latest[1] - first[1]) * 1e9 / nanos;
    }
  }
}
