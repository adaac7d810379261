/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

/**
 * Danube connection settings.
 *
 * @param serviceUrl {@code DANUBE_SERVICE_URL}
 * @param tls TLS towards Danube
 * @param token bearer JWT, or {@code null}; secret, never printed
 */
public record DanubeSettings(String serviceUrl, TlsSettings tls, String token) {
  @Override
  public String toString() {
    return "DanubeSettings[serviceUrl="
        + serviceUrl
        + ", tls="
        + tls
        + ", token="
        + (token == null ? "none" : "[hidden]")
        + "]";
  }
}
