/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * One route of the demo: what the connector subscribes to and where it publishes.
 *
 * @param label short name shown in the live view
 * @param filter MQTT topic filter
 * @param danubeTopic Danube topic ({@code /namespace/topic})
 * @param partitions Danube partitions; 0 for a plain topic
 */
record DemoRoute(String label, String filter, String danubeTopic, int partitions) {

  /** The Danube namespace every demo topic lives in (created in the test broker at start). */
  static final String NAMESPACE = "iot";

  /** The seed's use cases, plus a catch-all for whatever an external client publishes. */
  static final List<DemoRoute> ALL =
      List.of(
          new DemoRoute("factory sensors", "factory/+/sensors/#", "/iot/factory", 0),
          new DemoRoute("device telemetry", "devices/+/telemetry", "/iot/devices", 0),
          new DemoRoute("vehicles", "fleet/#", "/iot/fleet", 2),
          new DemoRoute("sensors (catch-all)", "sensors/#", "/iot/sensors", 0));

  /**
   * The topics that actually hold the messages: the topic itself, or {@code <topic>-part-N} for
   * each partition (the naming the Danube clients use).
   */
  List<String> storageTopics() {
    if (partitions == 0) {
      return List.of(danubeTopic);
    }
    List<String> topics = new ArrayList<>(partitions);
    for (int i = 0; i < partitions; i++) {
      topics.add(danubeTopic + "-part-" + i);
    }
    return topics;
  }

  /**
   * The routes as a connector TOML file, so the demo runs through the same loader as production.
   */
  static String toml(List<DemoRoute> routes) {
    StringBuilder toml = new StringBuilder();
    for (DemoRoute route : routes) {
      toml.append("[[mqtt.routes]]\n")
          .append("from = \"")
          .append(route.filter())
          .append("\"\nto = \"")
          .append(route.danubeTopic())
          .append("\"\nqos = 1\npartitions = ")
          .append(route.partitions())
          .append("\n\n");
    }
    return toml.toString();
  }
}
