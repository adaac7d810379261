/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common.failure;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * What went wrong in a TLS handshake, read from an exception chain, so that each side (MQTT,
 * Danube) can word it with its own setting names.
 *
 * @param kind the class of problem
 * @param detail the JDK's own words where they help (a hostname, an alert name), else empty
 */
public record TlsProblem(Kind kind, String detail) {

  /** Classes of TLS failure, each with a different fix. */
  public enum Kind {
    /** The peer's certificate has expired. */
    CERTIFICATE_EXPIRED,
    /** The peer's certificate is not valid yet. */
    CERTIFICATE_NOT_YET_VALID,
    /** The certificate is not valid for the host name connected to. */
    HOSTNAME_MISMATCH,
    /** No trusted CA signed the peer's certificate. */
    UNTRUSTED,
    /** The peer ended the handshake with a TLS alert ({@code detail} is its name). */
    ALERT,
    /** The peer did not answer with TLS at all. */
    NOT_TLS,
    /** Any other handshake failure ({@code detail} is the JDK's message). */
    HANDSHAKE
  }

  /** The TLS problem in {@code failure}'s chain, if it is one. */
  public static Optional<TlsProblem> of(Throwable failure) {
    List<Throwable> chain = Failures.chain(failure);
    for (Throwable t : chain) {
      if (t instanceof CertificateExpiredException) {
        return found(Kind.CERTIFICATE_EXPIRED, Failures.message(t));
      }
      if (t instanceof CertificateNotYetValidException) {
        return found(Kind.CERTIFICATE_NOT_YET_VALID, Failures.message(t));
      }
    }
    for (Throwable t : chain) {
      if (t instanceof CertPathValidatorException v) {
        if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
          return found(Kind.CERTIFICATE_EXPIRED, "");
        }
        if (v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
          return found(Kind.CERTIFICATE_NOT_YET_VALID, "");
        }
      }
    }
    String mismatch = null;
    for (Throwable t : chain) { // the innermost match has the plainest message
      String m = t.getMessage() == null ? "" : t.getMessage();
      if (m.contains("No subject alternative")
          || m.contains("No name matching")
          || m.contains("Hostname verification failed")) {
        mismatch = Failures.firstLine(m);
      }
    }
    if (mismatch != null) {
      return found(Kind.HOSTNAME_MISMATCH, mismatch);
    }
    for (Throwable t : chain) {
      if (t.getClass().getName().endsWith("SunCertPathBuilderException")
          || t instanceof CertPathValidatorException
          || Failures.message(t).contains("unable to find valid certification path")) {
        return found(Kind.UNTRUSTED, "");
      }
    }
    for (Throwable t : chain) {
      String m = Failures.message(t);
      int alert = m.indexOf("Received fatal alert: ");
      if (alert >= 0) {
        return found(Kind.ALERT, m.substring(alert + "Received fatal alert: ".length()).trim());
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SSLException) {
        String m = Failures.message(t);
        if (m.contains("not an SSL/TLS record") || m.contains("Unsupported or unrecognized SSL")) {
          return found(Kind.NOT_TLS, "");
        }
        return found(Kind.HANDSHAKE, Failures.firstLine(m));
      }
    }
    return Optional.empty();
  }

  private static Optional<TlsProblem> found(Kind kind, String detail) {
    return Optional.of(new TlsProblem(kind, detail));
  }

  /**
   * One line in the words of the side that failed, without a prefix (callers add theirs, e.g. "TLS:
   * ").
   *
   * @param peer what we connected to, e.g. "the broker" or "Danube"
   * @param hostSetting the setting holding the host name, e.g. {@code MQTT_BROKER_HOST}
   * @param caSetting the CA file setting
   * @param certSetting the client certificate setting
   * @param keySetting the client key setting
   * @param notTlsHint what to do when the peer does not speak TLS on the port
   */
  public String describe(
      String peer,
      String hostSetting,
      String caSetting,
      String certSetting,
      String keySetting,
      String notTlsHint) {
    return switch (kind) {
      case CERTIFICATE_EXPIRED ->
          peer + "'s certificate has expired" + (detail.isEmpty() ? "" : " (" + detail + ")");
      case CERTIFICATE_NOT_YET_VALID ->
          peer + "'s certificate is not yet valid" + (detail.isEmpty() ? "" : " (" + detail + ")");
      case HOSTNAME_MISMATCH ->
          "hostname mismatch: "
              + peer
              + "'s certificate is not valid for the host connected to ("
              + detail
              + "; fix "
              + hostSetting
              + " or the certificate's subject alternative names)";
      case UNTRUSTED ->
          peer
              + "'s certificate is not trusted (unknown CA; set "
              + caSetting
              + " to the CA that signed it)";
      case ALERT ->
          peer
              + " rejected the handshake with alert '"
              + detail
              + "'"
              + alertHint(certSetting, keySetting);
      case NOT_TLS -> peer + " did not answer with TLS on this port (" + notTlsHint + ")";
      case HANDSHAKE -> "handshake failed: " + detail;
    };
  }

  private String alertHint(String certSetting, String keySetting) {
    return switch (detail) {
      case "certificate_required" ->
          ": a client certificate is required (set " + certSetting + " and " + keySetting + ")";
      case "bad_certificate", "certificate_unknown", "unknown_ca" ->
          ": our client certificate is not accepted (missing, or not signed by a CA the peer"
              + " trusts: "
              + certSetting
              + ")";
      case "certificate_expired" -> ": our client certificate has expired (" + certSetting + ")";
      case "handshake_failure" ->
          ": no common TLS version or cipher, or a client certificate is required";
      case "protocol_version" -> ": no common TLS version";
      default -> "";
    };
  }
}
