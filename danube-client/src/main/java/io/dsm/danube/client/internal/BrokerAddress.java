/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a topic is served, as a lookup answered it: the URL to dial, the broker's identity URL and
 * whether a proxy sits in between (then every producer, consumer and health RPC carries {@code
 * x-danube-broker-url: <brokerUrl>}).
 *
 * @param connectUrl the URL to dial
 * @param brokerUrl the broker's own URL; also sent as {@code msg_id.broker_addr}
 * @param proxy whether {@code connectUrl} is a proxy in front of {@code brokerUrl}
 */
record BrokerAddress(String connectUrl, String brokerUrl, boolean proxy) {
  static final int DEFAULT_PORT = 6650;

  BrokerAddress {
    Objects.requireNonNull(connectUrl, "connectUrl");
    Objects.requireNonNull(brokerUrl, "brokerUrl");
  }

  static BrokerAddress direct(String url) {
    return new BrokerAddress(url, url, false);
  }

  /** The {@code host:port} to dial. */
  HostPort target() {
    return HostPort.parse(connectUrl);
  }

  /** Host and port of a Danube URL such as {@code http://127.0.0.1:6650}. */
  record HostPort(String host, int port, boolean https) {
    static HostPort parse(String url) {
      String withScheme = url.contains("://") ? url : "http://" + url;
      URI uri;
      try {
        uri = URI.create(withScheme.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Danube URL '" + url + "' is not a valid URL: " + e.getMessage(), e);
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new IllegalArgumentException(
            "Danube URL '" + url + "' has no host; expected e.g. http://127.0.0.1:6650");
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException(
            "Danube URL '" + url + "' must use http or https, not " + scheme);
      }
      int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
      return new HostPort(uri.getHost(), port, scheme.equals("https"));
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }
}
