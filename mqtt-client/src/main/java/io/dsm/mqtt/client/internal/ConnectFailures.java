/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import io.dsm.common.failure.Failures;
import io.dsm.common.failure.TlsProblem;
import io.dsm.mqtt.client.MqttConnectException;
import io.dsm.mqtt.client.MqttConnectException.Kind;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;

/** Turns what went wrong while connecting into an {@link MqttConnectException} with one line. */
final class ConnectFailures {
  private ConnectFailures() {}

  /** The CONNACK refused the connection with {@code code}. */
  static MqttConnectException refused(int code, boolean v5, String reasonString) {
    String what = v5 ? reason5(code) : reason3(code);
    String text =
        "broker refused the connection: "
            + what
            + (reasonString == null || reasonString.isBlank() ? "" : ": " + reasonString)
            + (v5
                ? String.format(Locale.ROOT, " [CONNACK 0x%02X]", code)
                : " [CONNACK " + code + "]");
    return new MqttConnectException(text, Kind.REFUSED, code, null);
  }

  static String reason3(int code) {
    return switch (code) {
      case 1 -> "unacceptable protocol version";
      case 2 -> "client identifier rejected";
      case 3 -> "server unavailable";
      case 4 -> "bad user name or password";
      case 5 -> "not authorized";
      default -> "return code " + code;
    };
  }

  static String reason5(int code) {
    return switch (code) {
      case 0x80 -> "unspecified error";
      case 0x81 -> "malformed packet";
      case 0x82 -> "protocol error";
      case 0x83 -> "implementation specific error";
      case 0x84 -> "unsupported protocol version";
      case 0x85 -> "client identifier not valid";
      case 0x86 -> "bad user name or password";
      case 0x87 -> "not authorized";
      case 0x88 -> "server unavailable";
      case 0x89 -> "server busy";
      case 0x8A -> "banned";
      case 0x8C -> "bad authentication method";
      case 0x90 -> "topic name invalid";
      case 0x95 -> "packet too large";
      case 0x97 -> "quota exceeded";
      case 0x99 -> "payload format invalid";
      case 0x9A -> "retain not supported";
      case 0x9B -> "qos not supported";
      case 0x9C -> "use another server";
      case 0x9D -> "server moved";
      case 0x9F -> "connection rate exceeded";
      default -> "reason code " + code;
    };
  }

  /**
   * A failure before CONNACK.
   *
   * @param cause what Netty or the JDK reported, or null when the connection just closed
   * @param tls whether TLS is on
   * @param handshakeDone whether the TLS handshake had completed
   */
  static MqttConnectException of(Throwable cause, boolean tls, boolean handshakeDone) {
    if (cause instanceof MqttConnectException e) {
      return e;
    }
    if (cause instanceof NotMqttException n) {
      return new MqttConnectException(
          n.tlsRecord()
              ? "the broker answered with TLS: this port is a TLS listener (turn TLS on, or use"
                  + " the broker's plain port)"
              : "the broker did not answer with MQTT: " + n.getMessage(),
          Kind.PROTOCOL,
          -1,
          cause);
    }
    if (cause != null) {
      TlsProblem tlsProblem = TlsProblem.of(cause).orElse(null);
      if (tlsProblem != null) {
        return new MqttConnectException(
            "TLS: "
                + tlsProblem.describe(
                    "the broker",
                    "the broker host",
                    "the CA file",
                    "the client certificate",
                    "the client key",
                    "a plain MQTT port? turn TLS off or use the broker's TLS port"),
            Kind.TLS,
            -1,
            cause);
      }
      List<Throwable> chain = Failures.chain(cause);
      for (Throwable t : chain) {
        if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
          return new MqttConnectException(
              "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage()),
              Kind.UNREACHABLE,
              -1,
              cause);
        }
        if (t instanceof ConnectTimeoutException) {
          return new MqttConnectException(
              "cannot reach the broker: " + Failures.oneLine(Failures.message(t)),
              Kind.UNREACHABLE,
              -1,
              cause);
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
          return new MqttConnectException(
              "cannot reach the broker: " + Failures.oneLine(Failures.message(t)),
              Kind.UNREACHABLE,
              -1,
              cause);
        }
      }
    }
    if (tls && !handshakeDone) {
      return new MqttConnectException(
          "TLS: the broker closed the connection during the TLS handshake"
              + (cause == null ? "" : " (" + Failures.oneLine(Failures.message(cause)) + ")")
              + ": is this port a plain MQTT listener? turn TLS off or use the broker's TLS port",
          Kind.TLS,
          -1,
          cause);
    }
    String what =
        cause == null
            ? "the broker closed the connection before answering CONNECT"
            : "connection failed before CONNACK: "
                + Failures.oneLine(Failures.message(Failures.innermost(Failures.chain(cause))));
    return new MqttConnectException(
        what
            + (tls
                ? ""
                : " (if the port is a TLS listener, turn TLS on; a broker may also close"
                    + " connections it does not accept)"),
        Kind.PROTOCOL,
        -1,
        cause);
  }

  /** One line for a lost connection. */
  static String lost(Throwable cause) {
    if (cause == null) {
      return "connection closed by the broker";
    }
    if (cause instanceof NotMqttException n) {
      return "the broker sent something that is not MQTT: " + n.getMessage();
    }
    return Failures.oneLine(Failures.message(Failures.innermost(Failures.chain(cause))));
  }
}
