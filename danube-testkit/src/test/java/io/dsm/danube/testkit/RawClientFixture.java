/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Test fixture: the broker that the test class's {@link DanubeBrokerExtension} injects, and a
 * {@link RawClient} on it, opened before each test (before the subclass's own set-up) and closed
 * after it.
 */
abstract class RawClientFixture {
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
