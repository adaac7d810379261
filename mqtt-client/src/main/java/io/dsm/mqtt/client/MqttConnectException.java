/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/**
 * Connecting to the broker failed; the message is one line naming the cause (CONNACK code, TLS
 * problem, network error) and what to check. Never carries credentials.
 */
public final class MqttConnectException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Classes of connect failure. */
  public enum Kind {
    /** The broker answered CONNACK with an error code. */
    REFUSED,
    /** The TLS handshake failed. */
    TLS,
    /** The broker could not be reached (refused, unknown host, no route, timed out). */
    UNREACHABLE,
    /** The connection broke or the broker spoke something that is not MQTT. */
    PROTOCOL
  }

  private final Kind kind;
  private final int connAckCode;

  public MqttConnectException(String message, Kind kind, int connAckCode, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.connAckCode = connAckCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The CONNACK return/reason code for {@link Kind#REFUSED}, else -1. */
  public int connAckCode() {
    return connAckCode;
  }

  /**
   * Whether retrying cannot help: credentials, authorization, identifier, protocol version or TLS
   * certificates were refused. "Server unavailable" and "server busy" are not refusals.
   */
  public boolean isRefusal() {
    if (kind == Kind.TLS) {
      return true;
    }
    if (kind != Kind.REFUSED) {
      return false;
    }
    // 3.1.1: 3 = server unavailable; 5: 0x88 server unavailable, 0x89 server busy,
    // 0x97 quota exceeded, 0x9F connection rate exceeded.
    return connAckCode != 3
        && connAckCode != 0x88
        && connAckCode != 0x89
        && connAckCode != 0x97
        && connAckCode != 0x9F;
  }
}
