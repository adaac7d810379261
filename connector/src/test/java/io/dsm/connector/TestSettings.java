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
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        mqtt(mqttHost, mqttPort, clientId, cleanSession),
        routes,
        runtime(maxInFlight, Ordering.PER_TOPIC));
  }

  /** MQTT 3.1.1 without credentials or TLS, metadata on, keep-alive 30 s, 10 MiB packets. */
  static MqttSettings mqtt(String host, int port, String clientId, boolean cleanSession) {
    return new MqttSettings(
        host,
        port,
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
        null,
        false,
        null);
  }

  /** A small QoS 0 buffer, 5 s drain, no ops server, the defaults otherwise. */
  static RuntimeSettings runtime(int maxInFlight, Ordering ordering) {
    return new RuntimeSettings(
        maxInFlight,
        100,
        Duration.ofSeconds(5),
        0,
        Duration.ofSeconds(60),
        "info",
        "text",
        ordering,
        RuntimeSettings.DEFAULT_MAX_IN_FLIGHT_BYTES,
        RuntimeSettings.DEFAULT_METRICS_BIND_ADDRESS,
        RuntimeSettings.DEFAULT_DYNAMIC_PRODUCER_CACHE);
  }

  /** The same settings speaking MQTT {@code version} (3 or 5). */
  static ConnectorSettings withProtocol(ConnectorSettings s, int version) {
    return with(s, "mqtt", with(s.mqtt(), "protocolVersion", version));
  }

  /**
   * A copy of {@code record} with some components changed: {@code with(mqtt, "username", "u",
   * "password", "p")}. A name that is not a component of the record fails the test.
   */
  @SuppressWarnings("unchecked")
  static <R extends Record> R with(R record, Object... namesAndValues) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    Map<Object, Object> changes = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      changes.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    try {
      for (int i = 0; i < components.length; i++) {
        String name = components[i].getName();
        types[i] = components[i].getType();
        values[i] =
            changes.containsKey(name)
                ? changes.remove(name)
                : components[i].getAccessor().invoke(record);
      }
      if (!changes.isEmpty()) {
        throw new IllegalArgumentException(
            "not components of " + record.getClass().getSimpleName() + ": " + changes.keySet());
      }
      return (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
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
