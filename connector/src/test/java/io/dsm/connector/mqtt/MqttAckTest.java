/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MqttAckTest {

  @Test
  void acknowledgesOnlyOnce() {
    AtomicInteger calls = new AtomicInteger();
    MqttAck ack = MqttAck.of(calls::incrementAndGet);
    ack.acknowledge();
    ack.acknowledge();
    assertThat(calls).hasValue(1);
    assertThat(ack.isAcknowledged()).isTrue();
  }

  @Test
  void swallowsAFailureOfTheClientsAcknowledge() {
    MqttAck ack =
        MqttAck.of(
            () -> {
              throw new IllegalStateException("session gone");
            });
    ack.acknowledge();
    assertThat(ack.isAcknowledged()).isTrue();
  }
}
