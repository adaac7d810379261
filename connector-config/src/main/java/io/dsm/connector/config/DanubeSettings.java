/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

/**
 * Danube connection settings.
 *
 * @param serviceUrl {@code DANUBE_SERVICE_URL}
 * @param tls TLS towards Danube
 * @param token bearer JWT, or {@code null}; secret, never printed
 * @param adminUrl Danube's admin API ({@code DANUBE_ADMIN_URL}), or {@code null}: when set, the
 *     namespaces of the route targets are checked at start
 * @param createNamespaces create missing namespaces through {@code adminUrl} instead of failing
 */
public record DanubeSettings(
    String serviceUrl, TlsSettings tls, String token, String adminUrl, boolean createNamespaces) {

  /** Without the admin API. */
  public DanubeSettings(String serviceUrl, TlsSettings tls, String token) {
    this(serviceUrl, tls, token, null, false);
  }

  @Override
  public String toString() {
    return "DanubeSettings[serviceUrl="
        + serviceUrl
        + ", tls="
        + tls
        + ", token="
        + (token == null ? "none" : "[hidden]")
        + ", adminUrl="
        + adminUrl
        + ", createNamespaces="
        + createNamespaces
        + "]";
  }
}
