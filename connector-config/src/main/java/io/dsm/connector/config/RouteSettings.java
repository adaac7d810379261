/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import io.dsm.connector.routing.DanubeTopicTemplate;
import io.dsm.connector.routing.RouteTemplate;
import io.dsm.connector.routing.RoutingKey;
import io.dsm.connector.routing.SubscriptionFilter;
import io.dsm.connector.routing.TopicFilter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One validated route: an MQTT topic filter and the Danube topic its messages go to.
 *
 * @param from MQTT topic filter messages are matched and routed with (MQTT 3.1.1 section 4.7); the
 *     filter part of a shared subscription, never {@code $share/...}
 * @param to Danube topic {@code /namespace/topic} (explicit or derived from {@code from}), or a
 *     target template with {@code $1} .. {@code $9} ({@link #dynamicTarget()})
 * @param qos subscription QoS 0, 1 or 2
 * @param partitions 0 for a plain Danube topic, N for N partitions
 * @param reliableDispatch Danube reliable dispatch
 * @param sharedGroup shared-subscription group ({@code $share/<group>/<from>}), or {@code null}
 * @param deadLetterTopic where messages of this route that cannot be delivered go (the route's own
 *     {@code dead_letter_topic}, else {@code DEAD_LETTER_TOPIC}), or {@code null} for none
 * @param extractAttributes attribute name to value template ({@code $1} .. {@code $9} are the
 *     filter's captures), in configuration order; empty for none
 * @param routingKey what the Danube routing key is
 */
public record RouteSettings(
    String from,
    String to,
    int qos,
    int partitions,
    boolean reliableDispatch,
    String sharedGroup,
    String deadLetterTopic,
    Map<String, String> extractAttributes,
    RoutingKey routingKey) {

  public RouteSettings {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(routingKey, "routingKey");
    extractAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(extractAttributes));
  }

  /**
   * A plain route: no shared group, no dead-letter topic, no extracted attributes, the MQTT topic
   * as routing key.
   */
  public RouteSettings(String from, String to, int qos, int partitions, boolean reliableDispatch) {
    this(from, to, qos, partitions, reliableDispatch, null, null, Map.of(), RoutingKey.TOPIC);
  }

  /** What to subscribe with: {@code from}, in {@code sharedGroup} when there is one. */
  public SubscriptionFilter subscription() {
    return new SubscriptionFilter(sharedGroup, TopicFilter.of(from));
  }

  /** Whether {@code to} uses captures, so the Danube topic is known only per message. */
  public boolean dynamicTarget() {
    return DanubeTopicTemplate.isTemplate(to);
  }

  /**
   * The per-message logic of this route (target, attributes, routing key). Parses the templates:
   * build it once per route.
   */
  public RouteTemplate template() {
    return RouteTemplate.of(from, to, extractAttributes, routingKey);
  }
}
