/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Test fixture: the broker that the test class's {@link DanubeBrokerExtension} injects, and a
 * {@link RawClient} on it, opened before each test (before the subclass's own set-up) and closed
 * after it.
 */
abstract class RawClientFixture {
  /**
   * A broker per test in standalone mode (no cluster-mode lookup to redo), with {@code settings} on
   * top: what the subclasses register as their {@code DanubeBrokerExtension}.
   */
  static DanubeBrokerExtension standalonePerTest(Consumer<InMemoryDanubeBroker.Builder> settings) {
    return DanubeBrokerExtension.perTest(
        b -> settings.accept(b.mode(InMemoryDanubeBroker.Mode.STANDALONE)));
  }

  InMemoryDanubeBroker broker;
  RawClient client;

  @BeforeEach
  void openRawClient() {
    client = new RawClient(broker.serviceUrl());
  }

  @AfterEach
  void closeRawClient() {
    client.close();
  }
}
