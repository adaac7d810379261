/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.mqtt;

/** The intake could not connect or subscribe. */
public final class MqttIntakeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean brokerUnavailable;

  public MqttIntakeException(String message, boolean brokerUnavailable, Throwable cause) {
    super(message, cause);
    this.brokerUnavailable = brokerUnavailable;
  }

  /** True when the broker could not be reached, false when it refused us. */
  public boolean brokerUnavailable() {
    return brokerUnavailable;
  }
}
