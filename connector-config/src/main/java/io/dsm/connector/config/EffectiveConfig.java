/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.List;
import java.util.Locale;

/**
 * Every setting with its effective value and source, and the routes: what {@code print-config} and
 * {@code check} show. Secrets appear as {@code [hidden]}; this type never holds their values.
 *
 * @param entries one per setting, in {@link Settings#ALL} order
 * @param routes the routes in configuration order
 */
public record EffectiveConfig(List<Entry> entries, List<RouteLine> routes) {
  public EffectiveConfig {
    entries = List.copyOf(entries);
    routes = List.copyOf(routes);
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
    /** {@code sensors/# -> /mqtt/sensors_all (qos 1, partitions 0, reliable_dispatch true)}. */
    public String describe() {
      return route.from()
          + " -> "
          + route.to()
          + " (qos "
          + route.qos()
          + ", partitions "
          + route.partitions()
          + ", reliable_dispatch "
          + route.reliableDispatch()
          + ")";
    }
  }

  /** The entry of a setting. */
  public Entry entry(Setting<?> setting) {
    return entries.stream()
        .filter(e -> e.setting().equals(setting))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no entry for " + setting));
  }

  /** A three-column table (setting, value, source) followed by the routes. */
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
    return out.toString();
  }
}
