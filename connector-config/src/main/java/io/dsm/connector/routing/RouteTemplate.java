/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one route makes of a message whose topic its filter matched: the Danube topic (fixed, or
 * rendered from a {@link DanubeTopicTemplate}), the attributes taken from the topic ({@code
 * extract_attributes}) and the routing key. Built once per route at start; {@link #resolve} is a
 * pure function of the topic.
 *
 * <p>Immutable and thread-safe.
 */
public final class RouteTemplate {

  private final TopicFilter filter;
  private final String fixedTarget;
  private final DanubeTopicTemplate target;
  private final Map<String, CaptureTemplate> attributes;
  private final RoutingKey routingKey;
  private final boolean usesCaptures;

  private RouteTemplate(
      TopicFilter filter,
      String to,
      Map<String, CaptureTemplate> attributes,
      RoutingKey routingKey) {
    this.filter = filter;
    this.fixedTarget = DanubeTopicTemplate.isTemplate(to) ? null : to;
    this.target = fixedTarget == null ? DanubeTopicTemplate.of(to, filter) : null;
    this.attributes = attributes;
    this.routingKey = routingKey;
    boolean captures = target != null || routingKey.kind() == RoutingKey.Kind.CAPTURE;
    for (CaptureTemplate value : attributes.values()) {
      captures |= value.highestCapture() > 0;
    }
    this.usesCaptures = captures;
  }

  /**
   * Builds the template of a route; the arguments are the route's validated settings.
   *
   * @param filter the route's topic filter (without a {@code $share/} group)
   * @param to a Danube topic or a {@link DanubeTopicTemplate target template}
   * @param extractAttributes attribute name to value template ({@code $1} .. {@code $9} allowed)
   * @param routingKey the routing key choice
   * @throws IllegalArgumentException if any part does not fit the filter
   */
  public static RouteTemplate of(
      String filter, String to, Map<String, String> extractAttributes, RoutingKey routingKey) {
    TopicFilter parsed = TopicFilter.of(filter);
    Map<String, CaptureTemplate> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : extractAttributes.entrySet()) {
      CaptureTemplate value = CaptureTemplate.parse(entry.getValue());
      Optional<String> problem = value.problemWith(parsed);
      if (problem.isPresent()) {
        throw new IllegalArgumentException(Quote.quoted(value.text()) + " " + problem.get());
      }
      attributes.put(entry.getKey(), value);
    }
    Optional<String> keyProblem = routingKey.problemWith(parsed);
    if (keyProblem.isPresent()) {
      throw new IllegalArgumentException(
          Quote.quoted(routingKey.toString()) + " " + keyProblem.get());
    }
    return new RouteTemplate(parsed, to, Collections.unmodifiableMap(attributes), routingKey);
  }

  /**
   * What this route makes of a message on {@code topic}.
   *
   * @param topic a topic name the route's filter matches (the router chose this route for it)
   * @throws IllegalArgumentException if the filter does not match {@code topic}
   */
  public Resolution resolve(String topic) {
    List<String> captures = List.of();
    if (usesCaptures) {
      captures =
          filter
              .captures(topic)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          Quote.quoted(topic) + " does not match " + Quote.quoted(filter.text())));
    }
    String danubeTopic = fixedTarget;
    String failure = null;
    if (target != null) {
      DanubeTopicTemplate.Rendered rendered = target.render(captures);
      danubeTopic = rendered.name();
      failure = rendered.failure();
    }
    Map<String, String> extracted = Map.of();
    if (!attributes.isEmpty()) {
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, CaptureTemplate> entry : attributes.entrySet()) {
        values.put(entry.getKey(), entry.getValue().render(captures));
      }
      extracted = Collections.unmodifiableMap(values);
    }
    return new Resolution(danubeTopic, failure, extracted, routingKey.keyFor(topic, captures));
  }

  /** Whether the target depends on the topic (a template), so producers are created lazily. */
  public boolean dynamicTarget() {
    return target != null;
  }

  /** The route's filter. */
  public TopicFilter filter() {
    return filter;
  }

  /**
   * The outcome for one message.
   *
   * @param danubeTopic the Danube topic, or {@code null} when the target could not be rendered
   * @param failure why there is no Danube topic (a per-message failure), else {@code null}
   * @param attributes attributes taken from the topic, in configuration order; values as received
   *     (not sanitised)
   * @param routingKey the routing key, or {@code null} for none
   */
  public record Resolution(
      String danubeTopic, String failure, Map<String, String> attributes, String routingKey) {
    public Resolution {
      Objects.requireNonNull(attributes, "attributes");
      if ((danubeTopic == null) == (failure == null)) {
        throw new IllegalArgumentException("exactly one of danubeTopic and failure must be set");
      }
    }
  }
}
