/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MQTT topics of one phase: {@code bench/<phase>/r<route>/t<index>}, topic i on route {@code i
 * % routes}, one MQTT filter per route ({@code bench/<phase>/r<route>/#}). Every phase has its own
 * prefix so that phases never see each other's messages. Immutable.
 */
public final class TopicLayout {
  private final String phase;
  private final int routes;
  private final List<String> topics;
  private final Map<String, Integer> routeOf;

  public TopicLayout(String phase, int topicCount, int routes) {
    if (topicCount < 1 || routes < 1 || routes > topicCount) {
      throw new IllegalArgumentException(
          "need 1 <= routes <= topics, but routes=" + routes + ", topics=" + topicCount);
    }
    this.phase = phase;
    this.routes = routes;
    List<String> names = new ArrayList<>(topicCount);
    Map<String, Integer> route = new HashMap<>();
    for (int i = 0; i < topicCount; i++) {
      String name = "bench/" + phase + "/r" + (i % routes) + "/t" + i;
      names.add(name);
      route.put(name, i % routes);
    }
    this.topics = List.copyOf(names);
    this.routeOf = Map.copyOf(route);
  }

  public int size() {
    return topics.size();
  }

  public String topic(int index) {
    return topics.get(index);
  }

  public int routeOf(String topic) {
    return routeOf.get(topic);
  }

  public int routes() {
    return routes;
  }

  /** The MQTT filter of a route. */
  public String filter(int route) {
    return "bench/" + phase + "/r" + route + "/#";
  }

  /** The filter that covers every topic of the phase. */
  public String allFilter() {
    return "bench/" + phase + "/#";
  }

  public List<String> filters() {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < routes; r++) {
      out.add(filter(r));
    }
    return out;
  }
}
