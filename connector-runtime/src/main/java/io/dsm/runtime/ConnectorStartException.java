/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime;

/**
 * {@link MqttSourceConnector#start()} failed, with what kind of failure it was so the application
 * can pick its exit code: {@link Kind#CONFIGURATION} (78, {@code EX_CONFIG}: a setting is wrong or
 * points at something that does not exist, such as an unusable TLS file or a missing Danube
 * namespace), {@link Kind#UNAVAILABLE} (69, {@code EX_UNAVAILABLE}: the MQTT broker or Danube could
 * not be reached) or {@link Kind#FAILURE} (1: refused or broken otherwise).
 */
public final class ConnectorStartException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of start failure. */
  public enum Kind {
    CONFIGURATION,
    UNAVAILABLE,
    FAILURE
  }

  private final Kind kind;

  public ConnectorStartException(String message, Kind kind, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** A dependency was unreachable ({@code true}) or refused us / broke ({@code false}). */
  public ConnectorStartException(String message, boolean dependencyUnavailable, Throwable cause) {
    this(message, dependencyUnavailable ? Kind.UNAVAILABLE : Kind.FAILURE, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** True when the MQTT broker or Danube could not be reached (as opposed to refusing us). */
  public boolean dependencyUnavailable() {
    return kind == Kind.UNAVAILABLE;
  }

  /** True when a setting is wrong: fix the configuration, retrying will not help. */
  public boolean configuration() {
    return kind == Kind.CONFIGURATION;
  }
}
