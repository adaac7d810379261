/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.List;

/**
 * The result of {@link ConfigLoader#load}.
 *
 * @param settings the validated settings for the runtime
 * @param effective every value with its source, for print-config and check
 * @param warnings things that are accepted but deserve a warning at start (never secrets)
 */
public record LoadedConfig(
    ConnectorSettings settings, EffectiveConfig effective, List<String> warnings) {
  public LoadedConfig {
    warnings = List.copyOf(warnings);
  }
}
