/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.danube;

import io.dsm.common.failure.Failures;
import io.dsm.common.failure.TlsProblem;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeStatus;
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
    DanubeStatus status = danube == null ? null : danube.status();
    if (status == DanubeStatus.UNAUTHENTICATED) {
      return "Danube rejected the credentials: "
          + message
          + " (check DANUBE_TOKEN or DANUBE_TOKEN_FILE: a missing, expired or wrongly signed"
          + " token)";
    }
    if (status == DanubeStatus.PERMISSION_DENIED && message.contains("ermission")) {
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
        && (danube.status() == DanubeStatus.UNAUTHENTICATED
            || danube.status() == DanubeStatus.PERMISSION_DENIED);
  }

  /** Whether {@code failure} says a target topic's namespace does not exist. */
  public static boolean isMissingNamespace(Throwable failure) {
    DanubeException danube = find(chain(failure), DanubeException.class);
    return danube != null && missingNamespace(oneLine(danube.getMessage())) != null;
  }

  private static String tls(List<Throwable> chain) {
    return TlsProblem.of(chain.get(0))
        .map(
            p ->
                "TLS to Danube failed: "
                    + p.describe(
                        "the broker",
                        "DANUBE_SERVICE_URL",
                        "DANUBE_TLS_CA_FILE",
                        "DANUBE_TLS_CERT_FILE",
                        "DANUBE_TLS_KEY_FILE",
                        "use an http:// DANUBE_SERVICE_URL and DANUBE_TLS=false, or the broker's"
                            + " TLS port"))
        .orElse(null);
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
    return Failures.find(chain, type);
  }

  private static List<Throwable> chain(Throwable failure) {
    return Failures.chain(failure);
  }

  private static String message(Throwable t) {
    return Failures.message(t);
  }

  private static String oneLine(String s) {
    return Failures.firstLine(s);
  }
}
