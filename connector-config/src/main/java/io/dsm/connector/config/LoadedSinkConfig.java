/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.List;

/**
 * The result of {@link ConfigLoader#loadSink}.
 *
 * @param settings the validated sink settings
 * @param effective every value of the sink's settings table with its source
 * @param warnings accepted but worth a warning at start
 */
public record LoadedSinkConfig(
    SinkSettings settings, EffectiveConfig effective, List<String> warnings) {
  public LoadedSinkConfig {
    warnings = List.copyOf(warnings);
  }
}
