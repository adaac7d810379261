/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import io.dsm.danube.client.DanubeException;
import java.security.cert.CertificateExpiredException;
import java.util.ArrayList;
import java.util.List;

/**
 * One line naming why a Danube call failed, with the setting to look at: rejected credentials
 * (UNAUTHENTICATED), missing permission (PERMISSION_DENIED), a TLS problem (which gRPC reports as a
 * bare UNAVAILABLE "io exception"), a namespace that does not exist, or otherwise the client's own
 * message. Never includes the token: neither the client nor the broker puts it into errors, and
 * nothing here adds it.
 */
public final class DanubeFailures {
  private DanubeFailures() {}

  /** The one-line cause of {@code failure}. */
  public static String describe(Throwable failure) {
    List<Throwable> chain = chain(failure);
    String tls = tls(chain);
    if (tls != null) {
      return tls;
    }
    DanubeException danube = find(chain, DanubeException.class);
    String message = oneLine(danube != null ? danube.getMessage() : message(chain.get(0)));
    String namespace = missingNamespace(message);
    if (namespace != null) {
      return "the Danube namespace "
          + namespace
          + " does not exist: Danube creates topics only in existing namespaces, so create it"
          + " with Danube's admin tool (danube-admin-cli) or choose a Danube topic in an existing"
          + " namespace ("
          + message
          + ")";
    }
    String status = danube == null ? "" : danube.statusCode();
    if ("UNAUTHENTICATED".equals(status)) {
      return "Danube rejected the credentials: "
          + message
          + " (check DANUBE_TOKEN or DANUBE_TOKEN_FILE: a missing, expired or wrongly signed"
          + " token)";
    }
    if ("PERMISSION_DENIED".equals(status) && message.contains("ermission")) {
      return "Danube denied the operation: " + message + " (the token's principal lacks a role)";
    }
    return message;
  }

  /**
   * Whether retrying cannot help: rejected credentials, a TLS certificate problem, or a namespace
   * that does not exist (only an administrator can create it).
   */
  public static boolean isRefusal(Throwable failure) {
    List<Throwable> chain = chain(failure);
    if (tls(chain) != null) {
      return true;
    }
    DanubeException danube = find(chain, DanubeException.class);
    if (danube != null && missingNamespace(oneLine(danube.getMessage())) != null) {
      return true;
    }
    return danube != null
        && ("UNAUTHENTICATED".equals(danube.statusCode())
            || "PERMISSION_DENIED".equals(danube.statusCode()));
  }

  private static String tls(List<Throwable> chain) {
    if (find(chain, CertificateExpiredException.class) != null) {
      return "TLS to Danube failed: the broker's certificate has expired";
    }
    for (Throwable t : chain) {
      String m = message(t);
      if (m.contains("No subject alternative") || m.contains("No name matching")) {
        return "TLS to Danube failed: hostname mismatch ("
            + firstLine(m)
            + "; fix DANUBE_SERVICE_URL or the certificate's subject alternative names)";
      }
    }
    for (Throwable t : chain) {
      if (t.getClass().getName().endsWith("SunCertPathBuilderException")
          || message(t).contains("unable to find valid certification path")) {
        return "TLS to Danube failed: the broker's certificate is not trusted (set"
            + " DANUBE_TLS_CA_FILE to the CA that signed it)";
      }
    }
    for (Throwable t : chain) {
      String m = message(t);
      int i = m.indexOf("Received fatal alert: ");
      if (i >= 0) {
        return "TLS to Danube failed: the broker rejected the handshake with alert '"
            + m.substring(i + "Received fatal alert: ".length()).trim()
            + "' (a client certificate is required or not accepted: DANUBE_TLS_CERT_FILE,"
            + " DANUBE_TLS_KEY_FILE)";
      }
    }
    for (Throwable t : chain) {
      if (t instanceof javax.net.ssl.SSLException) {
        String m = message(t);
        if (m.contains("not an SSL/TLS record")) {
          return "TLS to Danube failed: the broker does not speak TLS on this port (use an"
              + " http:// DANUBE_SERVICE_URL and DANUBE_TLS=false, or the broker's TLS port)";
        }
        return "TLS to Danube failed: " + firstLine(m);
      }
    }
    return null;
  }

  /**
   * The namespace Danube could not find (UNAVAILABLE "Unable to find the namespace ns, the topic
   * can be created only for an exisiting namespace"), or {@code null}.
   */
  private static String missingNamespace(String message) {
    String marker = "Unable to find the namespace ";
    int i = message.indexOf(marker);
    if (i < 0) {
      return null;
    }
    String rest = message.substring(i + marker.length());
    int end = 0;
    while (end < rest.length()
        && rest.charAt(end) != ','
        && !Character.isWhitespace(rest.charAt(end))) {
      end++;
    }
    return end == 0 ? null : rest.substring(0, end);
  }

  private static <T> T find(List<Throwable> chain, Class<T> type) {
    for (Throwable t : chain) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t) && chain.size() < 20; ) {
      chain.add(t);
      t = t.getCause();
    }
    return chain;
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static String oneLine(String s) {
    return firstLine(s);
  }
}
