/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench.jmh;

import io.dsm.connector.routing.Route;
import io.dsm.connector.routing.TopicRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link TopicRouter#route(String)}: the first step of every message. Routes are {@code routes}
 * wildcard filters {@code site/<i>/+/telemetry} (scanned in order) or exact filters (hash lookup);
 * the topic matches the last route, the worst case of a first-match scan. Numbers go in issues,
 * never in assertions.
 */
public class TopicRouterBenchmark extends NanosPerOperation {
  @Param({"1", "10", "100"})
  int routes;

  @Param({"wildcard", "exact"})
  String kind;

  private TopicRouter<String> router;
  private String hit;
  private String miss;

  @Setup
  public void setUp() {
    List<String> filters = new ArrayList<>();
    for (int i = 0; i < routes; i++) {
      filters.add(
          kind.equals("wildcard") ? "site/" + i + "/+/telemetry" : "site/" + i + "/dev/telemetry");
    }
    router = TopicRouter.of(filters, Function.identity());
    hit = "site/" + (routes - 1) + "/dev/telemetry";
    miss = "other/site/dev/telemetry";
  }

  @Benchmark
  public Optional<Route<String>> routeLastMatch() {
    return router.route(hit);
  }

  @Benchmark
  public Optional<Route<String>> routeNoMatch() {
    return router.route(miss);
  }
}
