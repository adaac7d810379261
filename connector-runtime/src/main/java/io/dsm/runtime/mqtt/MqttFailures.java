/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.mqtt;

import io.dsm.common.failure.Failures;
import io.dsm.common.failure.TlsProblem;
import io.dsm.mqtt.client.MqttConnectException;
import java.util.Locale;

/**
 * Turns an MQTT connect failure into the one line operators see in the log, in {@code check
 * --connect} and in health output: the CONNACK code with the setting to check, the TLS problem with
 * the TLS setting to fix, or the network error. Short, stable, free of stack traces and secrets
 * (the MQTT client never puts credentials into exceptions; nothing here adds them).
 */
public final class MqttFailures {
  static final String TLS_PORT_MISMATCH =
      "MQTT_USE_TLS does not match the listener on MQTT_BROKER_PORT: TLS against a plain port or"
          + " the reverse";

  private MqttFailures() {}

  /** A one-line description of why connecting failed. */
  public static String describe(Throwable failure) {
    if (failure == null) {
      return "connection closed";
    }
    MqttConnectException e = Failures.find(Failures.chain(failure), MqttConnectException.class);
    if (e == null) {
      return Failures.oneLine(Failures.message(Failures.innermost(Failures.chain(failure))));
    }
    return switch (e.kind()) {
      case REFUSED -> refused(e);
      case TLS -> tls(e);
      case PROTOCOL ->
          e.getMessage().startsWith("the broker answered with TLS")
              ? "the broker answered with TLS: the port is a TLS listener (set MQTT_USE_TLS=true,"
                  + " or MQTT_BROKER_PORT to the plain listener)"
              : e.getMessage() + "; " + TLS_PORT_MISMATCH + "?";
      case UNREACHABLE -> e.getMessage();
    };
  }

  /** Whether retrying cannot help (credentials, authorization, identifier, TLS certificates). */
  public static boolean isRefusal(Throwable failure) {
    MqttConnectException e = Failures.find(Failures.chain(failure), MqttConnectException.class);
    return e != null && e.isRefusal();
  }

  private static String tls(MqttConnectException e) {
    return TlsProblem.of(e.getCause())
        .map(
            p ->
                "TLS: "
                    + p.describe(
                        "the broker",
                        "MQTT_BROKER_HOST",
                        "MQTT_TLS_CA_FILE",
                        "MQTT_TLS_CERT_FILE",
                        "MQTT_TLS_KEY_FILE",
                        "plain MQTT port? unset MQTT_USE_TLS or set MQTT_BROKER_PORT to the TLS"
                            + " listener"))
        .orElseGet(
            () ->
                "TLS: the broker closed the connection during the TLS handshake ("
                    + TLS_PORT_MISMATCH
                    + "?)");
  }

  private static String refused(MqttConnectException e) {
    int code = e.connAckCode();
    boolean v5 = e.getMessage().contains("[CONNACK 0x");
    String reason = reason(e.getMessage());
    String hint = v5 ? hint5(code) : hint3(code);
    return "broker refused the connection: "
        + reason
        + hint
        + (v5 ? String.format(Locale.ROOT, " [CONNACK 0x%02X]", code) : " [CONNACK " + code + "]");
  }

  /** The client's reason text between the prefix and the code. */
  private static String reason(String message) {
    String prefix = "broker refused the connection: ";
    int start = message.indexOf(prefix);
    int end = message.lastIndexOf(" [CONNACK");
    if (start < 0 || end < start) {
      return message;
    }
    return message.substring(start + prefix.length(), end);
  }

  private static String hint3(int code) {
    return switch (code) {
      case 1 -> " (use MQTT_PROTOCOL_VERSION=5 or 3)";
      case 2 -> " (check MQTT_CLIENT_ID)";
      case 4 -> " (check MQTT_USERNAME and MQTT_PASSWORD)";
      case 5 ->
          " (wrong or missing MQTT_USERNAME/MQTT_PASSWORD, or the broker does not let this client"
              + " connect)";
      default -> "";
    };
  }

  private static String hint5(int code) {
    return switch (code) {
      case 0x86 -> " (check MQTT_USERNAME and MQTT_PASSWORD)";
      case 0x87 ->
          " (wrong or missing MQTT_USERNAME/MQTT_PASSWORD, or the broker does not let this client"
              + " connect)";
      case 0x85 -> " (check MQTT_CLIENT_ID)";
      case 0x84 -> " (use MQTT_PROTOCOL_VERSION=3)";
      default -> "";
    };
  }
}
