/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sink's MQTT topic template: literal text with placeholders {@code {attr.NAME}} (a message
 * attribute), {@code {danube_topic}} and {@code {key}} (the routing key). {@code {attr.mqtt.topic}}
 * turns a message the source connector produced back into its MQTT topic.
 *
 * <p>{@link #parse} checks the template itself (known placeholders, balanced braces, no wildcard or
 * NUL in the literal text); {@link #render} checks each result, because an attribute value can
 * still make an invalid topic: empty, a wildcard ({@code +}, {@code #}), NUL, a leading {@code $}
 * (broker topics) or more than 65,535 UTF-8 bytes. A failed render names the reason; the sink sends
 * such messages to its dead-letter topic.
 */
public final class MqttTopicTemplate {
  /** Largest MQTT topic name in UTF-8 bytes (a two-byte length prefix). */
  public static final int MAX_TOPIC_BYTES = 65_535;

  private static final String ATTR = "attr.";

  private sealed interface Part permits Literal, Attribute, DanubeTopic, Key {}

  private record Literal(String text) implements Part {}

  private record Attribute(String name) implements Part {}

  private record DanubeTopic() implements Part {}

  private record Key() implements Part {}

  /** The outcome of {@link #render}: a topic, or why there is none. */
  public record Rendered(String topic, String problem) {
    public boolean ok() {
      return topic != null;
    }
  }

  private final String text;
  private final List<Part> parts;

  private MqttTopicTemplate(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static MqttTopicTemplate parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '}') {
        throw new IllegalArgumentException("has a '}' without '{' at position " + (i + 1));
      }
      if (c != '{') {
        if (c == '+' || c == '#' || c == '\0') {
          throw new IllegalArgumentException(
              "contains "
                  + (c == '\0' ? "NUL" : "the wildcard '" + c + "'")
                  + "; an MQTT topic name cannot");
        }
        literal.append(c);
        i++;
        continue;
      }
      int end = text.indexOf('}', i);
      if (end < 0) {
        throw new IllegalArgumentException("has a '{' without '}' at position " + (i + 1));
      }
      String name = text.substring(i + 1, end);
      Part part;
      if (name.equals("danube_topic")) {
        part = new DanubeTopic();
      } else if (name.equals("key")) {
        part = new Key();
      } else if (name.startsWith(ATTR) && name.length() > ATTR.length() && name.indexOf('{') < 0) {
        part = new Attribute(name.substring(ATTR.length()));
      } else {
        throw new IllegalArgumentException(
            "has the unknown placeholder {" + name + "}; use {attr.NAME}, {danube_topic} or {key}");
      }
      if (literal.length() > 0) {
        parts.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      parts.add(part);
      i = end + 1;
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return new MqttTopicTemplate(text, parts);
  }

  /** The names of the attributes the template reads. */
  public List<String> attributes() {
    List<String> names = new ArrayList<>();
    for (Part p : parts) {
      if (p instanceof Attribute a) {
        names.add(a.name());
      }
    }
    return names;
  }

  /**
   * Renders the topic of one message.
   *
   * @param attributes the message's attributes
   * @param danubeTopic the topic it was consumed from
   * @param key its routing key, or {@code null}
   */
  public Rendered render(Map<String, String> attributes, String danubeTopic, String key) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Literal l) {
        out.append(l.text());
      } else if (p instanceof Attribute a) {
        String value = attributes.get(a.name());
        if (value == null) {
          return new Rendered(null, "attribute " + a.name() + " is missing");
        }
        out.append(value);
      } else if (p instanceof DanubeTopic) {
        out.append(danubeTopic);
      } else {
        if (key == null || key.isEmpty()) {
          return new Rendered(null, "the message has no routing key");
        }
        out.append(key);
      }
    }
    String topic = out.toString();
    return problem(topic).map(r -> new Rendered(null, r)).orElse(new Rendered(topic, null));
  }

  /** Why {@code topic} cannot be published to, or empty when it can. */
  public static Optional<String> problem(String topic) {
    if (topic.isEmpty()) {
      return Optional.of("the topic is empty");
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      if (c == '+' || c == '#') {
        return Optional.of("topic " + shown(topic) + " contains the wildcard '" + c + "'");
      }
      if (c == '\0') {
        return Optional.of("topic " + shown(topic) + " contains NUL");
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < topic.length()
              && Character.isLowSurrogate(topic.charAt(i + 1)))
          && !(Character.isLowSurrogate(c)
              && i > 0
              && Character.isHighSurrogate(topic.charAt(i - 1)))) {
        return Optional.of("topic " + shown(topic) + " is not valid UTF-16 text");
      }
    }
    if (topic.charAt(0) == '$') {
      return Optional.of("topic " + shown(topic) + " starts with '$' (reserved for the broker)");
    }
    if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
      return Optional.of("the topic is longer than " + MAX_TOPIC_BYTES + " UTF-8 bytes");
    }
    return Optional.empty();
  }

  private static String shown(String topic) {
    String s = topic.length() > 80 ? topic.substring(0, 80) + "..." : topic;
    return "'" + s.replace("\0", "\\0") + "'";
  }

  @Override
  public String toString() {
    return text;
  }
}
