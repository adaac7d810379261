/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

/**
 * {@link MqttSourceConnector#start()} failed. {@link #dependencyUnavailable()} tells the caller
 * whether a dependency (MQTT broker, Danube) could not be reached, which the application maps to
 * exit code 69 ({@code EX_UNAVAILABLE}), as opposed to a refusal that retrying will not fix.
 */
public final class ConnectorStartException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean dependencyUnavailable;

  public ConnectorStartException(String message, boolean dependencyUnavailable, Throwable cause) {
    super(message, cause);
    this.dependencyUnavailable = dependencyUnavailable;
  }

  /** True when the MQTT broker or Danube could not be reached (as opposed to refusing us). */
  public boolean dependencyUnavailable() {
    return dependencyUnavailable;
  }
}
