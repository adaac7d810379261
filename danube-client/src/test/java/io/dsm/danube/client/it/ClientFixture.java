/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Test fixture: the broker that the test class's {@code DanubeBrokerExtension} injects, and a
 * client of it with {@link ItSupport}'s fast timings, opened before each test and closed after it
 * (before the extension stops the broker). A test that needs a broker set up otherwise starts it
 * with {@link #useOwnBroker}.
 */
abstract class ClientFixture {
  InMemoryDanubeBroker broker;
  DanubeClient client;
  private final List<InMemoryDanubeBroker> ownBrokers = new ArrayList<>();

  @BeforeEach
  void openClient() {
    client = ItSupport.client(broker.serviceUrl());
  }

  /**
   * Starts {@code builder}'s broker for this test only and points {@link #client} at it; both are
   * closed after the test.
   */
  InMemoryDanubeBroker useOwnBroker(InMemoryDanubeBroker.Builder builder) {
    InMemoryDanubeBroker own = builder.start();
    ownBrokers.add(own);
    client.close();
    client = ItSupport.client(own.serviceUrl());
    return own;
  }

  @AfterEach
  void closeClient() {
    client.close();
    ownBrokers.forEach(InMemoryDanubeBroker::close);
  }
}
