/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import io.dsm.connector.routing.RoutingKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting with its effective value and source, the routes and the schemas: what {@code
 * print-config} and {@code check} show and what the start-up log lists ({@link #logLines()}).
 * Secrets appear as {@code [hidden]}; this type never holds their values.
 *
 * @param entries one per setting, in {@link Settings#ALL} order
 * @param routes the routes in configuration order
 * @param schemas the {@code [[schemas]]} entries in configuration order
 */
public record EffectiveConfig(
    List<Entry> entries, List<RouteLine> routes, List<SchemaLine> schemas) {
  public EffectiveConfig {
    entries = List.copyOf(entries);
    routes = List.copyOf(routes);
    schemas = List.copyOf(schemas);
  }

  /** Without schemas. */
  public EffectiveConfig(List<Entry> entries, List<RouteLine> routes) {
    this(entries, routes, List.of());
  }

  /**
   * One setting.
   *
   * @param setting the table entry
   * @param value the value as shown: {@code -} when unset, {@code [hidden]} for a set secret
   * @param source where it came from
   */
  public record Entry(Setting<?> setting, String value, ValueSource source) {}

  /**
   * One route.
   *
   * @param route the route
   * @param key where it was configured: {@code MQTT_TOPICS}, {@code mqtt.routes[1]}, ...
   * @param source the source of that key
   */
  public record RouteLine(RouteSettings route, String key, ValueSource source) {
    /**
     * {@code sensors/# -> /mqtt/sensors_all (qos 1, partitions 0, reliable_dispatch true)}, with
     * the shared group, dead-letter topic, attributes and routing key when they are not the
     * defaults.
     */
    public String describe() {
      StringBuilder out =
          new StringBuilder(route.subscription().text())
              .append(" -> ")
              .append(route.to())
              .append(" (qos ")
              .append(route.qos())
              .append(", partitions ")
              .append(route.partitions())
              .append(", reliable_dispatch ")
              .append(route.reliableDispatch());
      if (route.deadLetterTopic() != null) {
        out.append(", dead_letter_topic ").append(route.deadLetterTopic());
      }
      if (!route.extractAttributes().isEmpty()) {
        out.append(", extract_attributes {");
        String separator = "";
        for (Map.Entry<String, String> attribute : route.extractAttributes().entrySet()) {
          out.append(separator)
              .append(attribute.getKey())
              .append(" = \"")
              .append(attribute.getValue())
              .append('"');
          separator = ", ";
        }
        out.append('}');
      }
      if (!route.routingKey().equals(RoutingKey.TOPIC)) {
        out.append(", routing_key ").append(route.routingKey());
      }
      return out.append(')').toString();
    }
  }

  /**
   * One schema.
   *
   * @param schema the schema
   * @param key where it was configured: {@code schemas[0]}, ...
   * @param source the source of that key
   */
  public record SchemaLine(SchemaSettings schema, String key, ValueSource source) {}

  /** The entry of a setting. */
  public Entry entry(Setting<?> setting) {
    return entries.stream()
        .filter(e -> e.setting().equals(setting))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no entry for " + setting));
  }

  /** A three-column table (setting, value, source) followed by the routes and schemas. */
  public String render() {
    int nameWidth = "SETTING".length();
    int valueWidth = "VALUE".length();
    for (Entry entry : entries) {
      nameWidth = Math.max(nameWidth, entry.setting().env().length());
      valueWidth = Math.max(valueWidth, entry.value().length());
    }
    String format = "%-" + nameWidth + "s  %-" + valueWidth + "s  %s%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, format, "SETTING", "VALUE", "SOURCE"));
    for (Entry entry : entries) {
      out.append(
          String.format(Locale.ROOT, format, entry.setting().env(), entry.value(), entry.source()));
    }
    out.append(String.format(Locale.ROOT, "%nroutes (first match wins):%n"));
    for (int i = 0; i < routes.size(); i++) {
      RouteLine line = routes.get(i);
      out.append(
          String.format(
              Locale.ROOT,
              "  [%d] %s  from %s (%s)%n",
              i,
              line.describe(),
              line.key(),
              line.source()));
    }
    if (!schemas.isEmpty()) {
      out.append(String.format(Locale.ROOT, "%nschemas:%n"));
      for (SchemaLine line : schemas) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %s  from %s (%s)%n",
                line.schema().describe(),
                line.key(),
                line.source()));
      }
    }
    return out.toString();
  }

  /**
   * The configuration for the start-up log, one line each: {@code MQTT_BROKER_PORT = 1883
   * (default)} for every setting (secrets {@code [hidden]}), then {@code route[0] = ...} and {@code
   * schema[0] = ...}. Unset settings without a default are left out.
   */
  public List<String> logLines() {
    List<String> lines = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.value().equals("-") && entry.source().kind() == ValueSource.Kind.DEFAULT) {
        continue;
      }
      lines.add(entry.setting().env() + " = " + entry.value() + " (" + entry.source() + ")");
    }
    for (int i = 0; i < routes.size(); i++) {
      RouteLine line = routes.get(i);
      lines.add(
          "route[" + i + "] = " + line.describe() + " (" + line.key() + ", " + line.source() + ")");
    }
    for (int i = 0; i < schemas.size(); i++) {
      SchemaLine line = schemas.get(i);
      lines.add(
          "schema["
              + i
              + "] = "
              + line.schema().describe()
              + " ("
              + line.key()
              + ", "
              + line.source()
              + ")");
    }
    return List.copyOf(lines);
  }
}
