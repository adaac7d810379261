/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns an MQTT connect or connection failure into one line naming its cause: the CONNACK return
 * code, the TLS alert or certificate problem, or the network error. The line is what operators see
 * in the log, in {@code check --connect} and in health output, so it is short, stable and free of
 * stack traces and secrets (HiveMQ never puts credentials into exceptions; we add none).
 */
public final class MqttFailures {
  /**
   * Netty's native transport (epoll) prefixes socket errors with the failed call, e.g. {@code
   * finishConnect(..) failed with error(-111): Connection refused: /10.0.0.1:1883}; the operator
   * needs only what follows, as the JDK's NIO transport reports it.
   */
  private static final Pattern NATIVE_CALL =
      Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

  private MqttFailures() {}

  /** A one-line description of why connecting failed or the connection was lost. */
  public static String describe(Throwable failure) {
    if (failure == null) {
      return "connection closed";
    }
    List<Throwable> chain = chain(failure);
    for (Throwable t : chain) {
      if (t instanceof Mqtt3ConnAckException ack) {
        return connAck3(ack.getMqttMessage().getReturnCode());
      }
      if (t instanceof Mqtt5ConnAckException ack) {
        String reason =
            ack.getMqttMessage().getReasonString().map(r -> ": " + r.toString()).orElse("");
        return connAck5(ack.getMqttMessage().getReasonCode()) + reason;
      }
    }
    String tls = tls(chain);
    if (tls != null) {
      return oneLine(tls);
    }
    for (Throwable t : chain) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return oneLine("cannot reach the broker: " + message(t));
      }
      if (t instanceof SocketException && message(t).contains("Connection reset")) {
        return "connection reset by the broker (on every connect: MQTT_USE_TLS does not match the"
            + " listener on MQTT_BROKER_PORT, TLS against a plain port or the reverse)";
      }
    }
    return oneLine(message(innermost(chain)));
  }

  /**
   * Whether the failure is a refusal (credentials, authorization, certificates) retrying won't fix.
   */
  public static boolean isRefusal(Throwable failure) {
    for (Throwable t : chain(failure)) {
      if (t instanceof Mqtt3ConnAckException ack) {
        return ack.getMqttMessage().getReturnCode() != Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE;
      }
      if (t instanceof Mqtt5ConnAckException ack) {
        Mqtt5ConnAckReasonCode c = ack.getMqttMessage().getReasonCode();
        return c != Mqtt5ConnAckReasonCode.SERVER_UNAVAILABLE
            && c != Mqtt5ConnAckReasonCode.SERVER_BUSY;
      }
    }
    return tls(chain(failure)) != null;
  }

  static String connAck3(Mqtt3ConnAckReturnCode code) {
    String what =
        switch (code) {
          case UNSUPPORTED_PROTOCOL_VERSION ->
              "broker refused the connection: unacceptable"
                  + " protocol version (use MQTT_PROTOCOL_VERSION=5 or 3)";
          case IDENTIFIER_REJECTED ->
              "broker refused the connection: client identifier rejected"
                  + " (check MQTT_CLIENT_ID)";
          case SERVER_UNAVAILABLE -> "broker refused the connection: server unavailable";
          case BAD_USER_NAME_OR_PASSWORD ->
              "broker refused the connection: bad user name or"
                  + " password (check MQTT_USERNAME and MQTT_PASSWORD)";
          case NOT_AUTHORIZED ->
              "broker refused the connection: not authorized (wrong or missing"
                  + " MQTT_USERNAME/MQTT_PASSWORD, or the broker does not let this client connect)";
          default -> "broker refused the connection: " + lower(code.name());
        };
    return what + " [CONNACK " + code.getCode() + "]";
  }

  static String connAck5(Mqtt5ConnAckReasonCode code) {
    String hint =
        switch (code) {
          case BAD_USER_NAME_OR_PASSWORD -> " (check MQTT_USERNAME and MQTT_PASSWORD)";
          case NOT_AUTHORIZED ->
              " (wrong or missing MQTT_USERNAME/MQTT_PASSWORD, or the broker"
                  + " does not let this client connect)";
          case CLIENT_IDENTIFIER_NOT_VALID -> " (check MQTT_CLIENT_ID)";
          case UNSUPPORTED_PROTOCOL_VERSION -> " (use MQTT_PROTOCOL_VERSION=3)";
          default -> "";
        };
    return "broker refused the connection: "
        + lower(code.name())
        + hint
        + String.format(Locale.ROOT, " [CONNACK 0x%02X]", code.getCode());
  }

  /** The TLS cause, or null when the failure is not about TLS. */
  private static String tls(List<Throwable> chain) {
    for (Throwable t : chain) {
      if (t instanceof CertificateExpiredException) {
        return "TLS: the broker's certificate has expired (" + message(t) + ")";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "TLS: the broker's certificate is not yet valid (" + message(t) + ")";
      }
    }
    for (Throwable t : chain) {
      if (t instanceof CertPathValidatorException v) {
        if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
          return "TLS: the broker's certificate has expired";
        }
        if (v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
          return "TLS: the broker's certificate is not yet valid";
        }
      }
    }
    String mismatch = null;
    for (Throwable t : chain) { // the innermost match has the plainest message
      String m = t.getMessage() == null ? "" : t.getMessage();
      if (m.contains("No subject alternative")
          || m.contains("No name matching")
          || m.contains("Hostname verification failed")) {
        mismatch = firstLine(m);
      }
    }
    if (mismatch != null) {
      return "TLS: hostname mismatch: the broker's certificate is not valid for the host connected"
          + " to ("
          + mismatch
          + "; fix MQTT_BROKER_HOST or the certificate's subject alternative names)";
    }
    for (Throwable t : chain) {
      String name = t.getClass().getName();
      if (name.endsWith("SunCertPathBuilderException")
          || (t instanceof CertPathValidatorException)
          || message(t).contains("unable to find valid certification path")) {
        return "TLS: the broker's certificate is not trusted (unknown CA; set MQTT_TLS_CA_FILE to"
            + " the CA that signed it)";
      }
    }
    for (Throwable t : chain) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      int alert = m.indexOf("Received fatal alert: ");
      if (alert >= 0) {
        String name = m.substring(alert + "Received fatal alert: ".length()).trim();
        return "TLS: the broker rejected the handshake with alert '" + name + "'" + alertHint(name);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SSLException) {
        String m = message(t);
        if (m.contains("not an SSL/TLS record") || m.contains("Unsupported or unrecognized SSL")) {
          return "TLS: the broker did not answer with TLS on this port (plain MQTT port? unset"
              + " MQTT_USE_TLS or set MQTT_BROKER_PORT to the TLS listener)";
        }
        return "TLS handshake failed: " + firstLine(m);
      }
    }
    return null;
  }

  private static String alertHint(String alert) {
    return switch (alert) {
      case "certificate_required" ->
          ": the broker requires a client certificate (set"
              + " MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE)";
      case "bad_certificate", "certificate_unknown", "unknown_ca" ->
          ": the broker does not"
              + " accept our client certificate (missing, or not signed by a CA it trusts)";
      case "certificate_expired" -> ": our client certificate has expired";
      case "handshake_failure" ->
          ": no common TLS version or cipher, or a client certificate" + " is required";
      case "protocol_version" -> ": no common TLS version";
      default -> "";
    };
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Throwable t = failure;
    while (t != null && !chain.contains(t) && chain.size() < 20) {
      chain.add(t);
      for (Throwable s : t.getSuppressed()) {
        if (s != null && !chain.contains(s)) {
          chain.add(s);
        }
      }
      t = t.getCause();
    }
    return chain;
  }

  private static Throwable innermost(List<Throwable> chain) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      Throwable t = chain.get(i);
      if (!(t instanceof CompletionException || t instanceof ExecutionException)
          && t.getMessage() != null) {
        return t;
      }
    }
    return chain.get(0);
  }

  /** The exception's message without Netty's native-call prefix (see {@link #NATIVE_CALL}). */
  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank()
        ? t.getClass().getSimpleName()
        : NATIVE_CALL.matcher(m).replaceFirst("");
  }

  private static String lower(String enumName) {
    return enumName.toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ').trim();
  }
}
