/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import io.dsm.common.Backoff;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.internal.RouteLookup;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.testsupport.FreePorts;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings and connectors with the ops endpoints on, bound to loopback, for observability tests.
 */
final class OpsTestSupport {
  private OpsTestSupport() {}

  /** {@code s} with the ops endpoints on a free port and the given stall timeout. */
  static ConnectorSettings withOps(ConnectorSettings s, Duration stallTimeout) {
    return TestSettings.with(
        s,
        "runtime",
        TestSettings.with(
            s.runtime(), "metricsPort", FreePorts.find(), "stallTimeout", stallTimeout));
  }

  /**
   * Like {@link TestSettings#connector(ConnectorSettings)}, serving the ops endpoints on loopback.
   */
  static MqttSourceConnector connector(ConnectorSettings s) {
    return new MqttSourceConnector(
        s,
        d ->
            DanubeClients.create(
                // A budget that survives a loaded CI machine; no test here waits for it to run out.
                DanubeClientConfig.of(d.serviceUrl())
                    .withRetryBudget(Duration.ofSeconds(10))
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                    .withRpcTimeout(Duration.ofSeconds(2))),
        Clock.systemUTC(),
        RouteLookup.firstMatch(s.routes()),
        new Backoff(Duration.ofMillis(200), Duration.ofMillis(1000)),
        InetAddress.getLoopbackAddress());
  }

  static OpsClient ops(MqttSourceConnector c) {
    return new OpsClient(c.opsAddress().orElseThrow());
  }
}
