/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import io.dsm.common.Backoff;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.DanubeSettings;
import io.dsm.connector.config.MqttSettings;
import io.dsm.connector.config.Ordering;
import io.dsm.connector.config.RetainHandling;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.config.RuntimeSettings;
import io.dsm.connector.config.TlsSettings;
import io.dsm.connector.internal.RouteLookup;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Builds connector settings and connectors for tests: fast timeouts, loopback only. */
final class TestSettings {
  private TestSettings() {}

  static ConnectorSettings settings(
      String mqttHost,
      int mqttPort,
      String clientId,
      boolean cleanSession,
      String danubeUrl,
      int maxInFlight,
      List<RouteSettings> routes) {
    return new ConnectorSettings(
        "it-connector",
        new DanubeSettings(danubeUrl, TlsSettings.DISABLED, null),
        new MqttSettings(
            mqttHost,
            mqttPort,
            clientId,
            null,
            null,
            TlsSettings.DISABLED,
            30,
            cleanSession,
            true,
            10 * 1024 * 1024,
            3,
            MqttSettings.defaultSessionExpiry(cleanSession),
            RetainHandling.SEND,
            null),
        routes,
        new RuntimeSettings(
            maxInFlight,
            100,
            Duration.ofSeconds(5),
            0,
            Duration.ofSeconds(60),
            "info",
            "text",
            Ordering.PER_TOPIC,
            RuntimeSettings.DEFAULT_MAX_IN_FLIGHT_BYTES,
            RuntimeSettings.DEFAULT_METRICS_BIND_ADDRESS));
  }

  /** The same settings speaking MQTT {@code version} (3 or 5). */
  static ConnectorSettings withProtocol(ConnectorSettings s, int version) {
    MqttSettings m = s.mqtt();
    return new ConnectorSettings(
        s.connectorName(),
        s.danube(),
        new MqttSettings(
            m.host(),
            m.port(),
            m.clientId(),
            m.username(),
            m.password(),
            m.tls(),
            m.keepAliveSecs(),
            m.cleanSession(),
            m.includeMetadata(),
            m.maxPacketSize(),
            version,
            m.sessionExpirySecs(),
            m.retainHandling(),
            m.deadLetterTopic()),
        s.routes(),
        s.runtime());
  }

  /** Danube creates topics only in existing namespaces; create those the routes target. */
  static void createNamespaces(InMemoryDanubeBroker danube, ConnectorSettings s) {
    for (RouteSettings r : s.routes()) {
      danube.createNamespace(r.to().split("/")[1]);
    }
  }

  static RouteSettings route(String from, String to, int qos) {
    return new RouteSettings(from, to, qos, 0, true);
  }

  /**
   * A connector whose Danube client retries for only {@code retryBudget} so tests reach the
   * connector's own resend path quickly, and which reconnects to MQTT after 100-500 ms.
   */
  static MqttSourceConnector connector(ConnectorSettings s, Duration retryBudget) {
    return new MqttSourceConnector(
        s,
        d ->
            DanubeClients.create(
                DanubeClientConfig.of(d.serviceUrl())
                    .withRetryBudget(retryBudget)
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                    .withRpcTimeout(Duration.ofSeconds(5))),
        Clock.systemUTC(),
        RouteLookup.firstMatch(s.routes()),
        new Backoff(Duration.ofMillis(200), Duration.ofMillis(1000)));
  }

  static MqttSourceConnector connector(ConnectorSettings s) {
    return connector(s, Duration.ofSeconds(10));
  }
}
