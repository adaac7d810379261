/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.RouteSettings;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.KeyOrdering;
import io.dsm.danube.client.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerRegistryTest {

  @Test
  void producerNameIsConnectorNameAndSanitisedTopic() {
    assertThat(ProducerRegistry.producerName("mqtt-src", "/iot/data"))
        .isEqualTo("mqtt-src-iot_data");
    assertThat(ProducerRegistry.producerName("c", "/ns/a-b_c")).isEqualTo("c-ns_a-b_c");
  }

  @Test
  void producerConfigTakesPartitionsAndDispatchFromTheRoute() {
    ProducerConfig reliable =
        ProducerRegistry.producerConfig(
            "c", new RouteSettings("a/#", "/ns/a", 1, 3, true), 64, KeyOrdering.PER_KEY);
    assertThat(reliable.partitions()).isEqualTo(3);
    assertThat(reliable.dispatchStrategy()).isEqualTo(DispatchStrategy.RELIABLE);
    ProducerConfig plain =
        ProducerRegistry.producerConfig(
            "c", new RouteSettings("a/#", "/ns/a", 1, 0, false), 64, KeyOrdering.PER_KEY);
    assertThat(plain.partitions()).isZero();
    assertThat(plain.dispatchStrategy()).isEqualTo(DispatchStrategy.NON_RELIABLE);
  }

  @Test
  void theWindowReachesEveryPartitionAndSendsRetryUntilStoredOrClosed() {
    ProducerConfig c =
        ProducerRegistry.producerConfig(
            "c", new RouteSettings("a/#", "/ns/a", 1, 3, true), 256, KeyOrdering.NONE);
    assertThat(c.maxInFlightPerPartition()).isEqualTo(256);
    assertThat(c.ordering()).isEqualTo(KeyOrdering.NONE);
    assertThat(c.sendRetryBudget()).isEqualTo(ProducerConfig.RETRY_UNTIL_CLOSED);
  }
}
