/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.ConnectorSettings;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.testsupport.Closer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the connector's end-to-end tests share: a fresh in-memory Danube per test, a fresh MQTT
 * client id, and what to close after each test.
 */
abstract class ConnectorItBase {
  /** A fresh testkit broker per test, injected into {@link #danube} and closed by the extension. */
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.perTest(b -> {});

  InMemoryDanubeBroker danube;
  final Closer toClose = new Closer();

  /** This test's MQTT client id: the class's prefix and 8 random characters. */
  String clientId;

  private final String clientIdPrefix;

  ConnectorItBase(String clientIdPrefix) {
    this.clientIdPrefix = clientIdPrefix;
  }

  @BeforeEach
  void newClientId() {
    clientId = clientIdPrefix + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void stopAll() throws Exception {
    toClose.closeAll();
  }

  /**
   * Creates the namespaces the routes of {@code s} target, then starts {@code c} (a connector of
   * {@code s}), which is closed after the test.
   */
  MqttSourceConnector started(ConnectorSettings s, MqttSourceConnector c) throws Exception {
    TestSettings.createNamespaces(danube, s);
    toClose.add(c);
    c.start();
    return c;
  }

  /**
   * Waits up to {@code wait} for {@code count} messages on Danube topic {@code topic}, checks that
   * there are exactly that many, and returns them by routing key (one message per key).
   */
  Map<String, StoredMessage> awaitByRoutingKey(String topic, int count, Duration wait) {
    List<StoredMessage> stored = danube.topic(topic).awaitMessages(count, wait);
    assertThat(stored).hasSize(count);
    return stored.stream().collect(Collectors.toMap(StoredMessage::routingKey, m -> m));
  }
}
