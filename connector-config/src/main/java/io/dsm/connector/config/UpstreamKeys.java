/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys of the Rust connector's {@code connector.toml} (danube-connect-core and source-mqtt) that
 * this connector accepts so that such a file loads unchanged, but that have no effect here. Each
 * one that is set logs a one-line warning saying why. Upstream keys that do have an effect are
 * {@link Setting#tomlAliases() aliases} in the {@link Settings} table.
 */
final class UpstreamKeys {
  private UpstreamKeys() {}

  private static final String RETRY =
      "has no effect: the connector resends a message until Danube stores it or rejects it"
          + " permanently, with its own backoff, and acknowledges it to MQTT only then";

  private static final String BATCH =
      "has no effect: messages are sent to Danube one by one as they arrive, up to"
          + " MAX_IN_FLIGHT at a time (no batching)";

  /** Path to the reason it has no effect. */
  static final Map<String, String> WITHOUT_EFFECT = build();

  private static Map<String, String> build() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("retry.max_retries", RETRY);
    keys.put("retry.retry_backoff_ms", RETRY);
    keys.put("retry.max_backoff_ms", RETRY);
    keys.put("processing.batch_size", BATCH);
    keys.put("processing.batch_timeout_ms", BATCH);
    keys.put(
        "mqtt.connection_timeout_secs",
        "has no effect: this connector has no MQTT connection-timeout setting");
    keys.put(
        "mqtt.tcp_nodelay",
        "has no effect: the MQTT connection always has TCP_NODELAY on (Nagle's algorithm off)");
    return Collections.unmodifiableMap(keys);
  }
}
