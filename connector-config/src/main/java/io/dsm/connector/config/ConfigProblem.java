/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

/**
 * One configuration problem. Printed as {@code key (source): reason}, for example {@code
 * MQTT_BROKER_PORT (env): "70000" is out of range [1, 65535]}. The reason never contains a secret.
 *
 * @param key the setting as the user wrote it: environment name, TOML path or flag
 * @param source where the value came from ({@code env}, {@code connector.toml:14}, {@code not set},
 *     ...)
 * @param reason what is wrong and, where useful, what to do
 */
public record ConfigProblem(String key, String source, String reason) {
  @Override
  public String toString() {
    return key + " (" + source + "): " + reason;
  }
}
