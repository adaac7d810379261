/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Locale;

/** Whether messages of one MQTT topic reach Danube in the order they arrived ({@code ORDERING}). */
public enum Ordering {
  /** One send in flight per MQTT topic: order per topic is kept. */
  PER_TOPIC,
  /** No per-topic limit: the whole window pipelines; order per topic is not guaranteed. */
  NONE;

  /** {@code per_topic} or {@code none}, as configured. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
