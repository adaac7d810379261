/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import io.dsm.danube.testkit.internal.BrokerGroup;
import io.dsm.danube.testkit.internal.BrokerSettings;
import io.dsm.danube.testkit.internal.GroupConfig;

/**
 * The one bridge from the public API to the implementation: every other type of this package is
 * free of the {@code internal} package (the same rule as the client's {@code DanubeClients}). Turns
 * a validated {@link InMemoryDanubeBroker.Builder} into the internal settings.
 */
final class InMemoryBrokerFactory {
  private InMemoryBrokerFactory() {}

  static InMemoryDanubeBroker create(InMemoryDanubeBroker.Builder b) {
    BrokerSettings settings =
        new BrokerSettings(
            b.mode == InMemoryDanubeBroker.Mode.STANDALONE,
            b.autoCreateTopics,
            b.maxMessageSize,
            b.maxUnackedMessages,
            b.ackTimeout,
            b.backoffBase,
            b.backoffCap,
            b.maxRedeliveries,
            b.consumerQueueSize,
            b.retainedMessagesPerTopic);
    return new BrokerGroup(
        new GroupConfig(
            settings,
            b.mode,
            b.brokers,
            b.port,
            b.adminPort,
            b.bindHost,
            b.advertisedHost,
            b.tls == null ? null : b.tls.toSslContext(),
            // Danube's admin port is server-only TLS with the broker's certificate, never mTLS.
            b.adminTls
                ? TlsServerConfig.serverOnly(b.tls.certChainPem(), b.tls.privateKeyPem())
                    .toSslContext()
                : null,
            b.jwtSecret,
            b.namespaces));
  }
}
