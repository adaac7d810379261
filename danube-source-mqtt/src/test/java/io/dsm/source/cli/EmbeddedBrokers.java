/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.testsupport.EmbeddedHiveMqExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension for the in-process command tests (register it on a static field): an embedded
 * HiveMQ CE and the in-memory Danube with the namespace {@code mqtt} over real TCP, for the test
 * class.
 */
final class EmbeddedBrokers implements BeforeAllCallback, AfterAllCallback {
  private final EmbeddedHiveMqExtension mqtt = new EmbeddedHiveMqExtension();
  private InMemoryDanubeBroker danube;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    mqtt.beforeAll(context);
    danube = InMemoryDanubeBroker.builder().namespace("mqtt").start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (danube != null) {
      danube.close();
      danube = null;
    }
    mqtt.afterAll(context);
  }

  int mqttPort() {
    return mqtt.port();
  }

  InMemoryDanubeBroker danube() {
    if (danube == null) {
      throw new IllegalStateException("the brokers run only while the test class runs");
    }
    return danube;
  }
}
