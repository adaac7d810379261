/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.mqtt.InboundMessage;
import io.dsm.connector.mqtt.MqttAck;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dispatcher decisions that need no Danube at all (the send paths are covered by the ITs). */
class DispatcherTest {

  @Test
  void unroutedMessageIsCountedAcknowledgedAndReleasesItsPermit() {
    InFlightWindow window = new InFlightWindow(2);
    ConnectorStats stats = new ConnectorStats();
    // No producers are needed: nothing is routed.
    Dispatcher d =
        new Dispatcher(
            "unit",
            topic -> Optional.empty(),
            new RecordMapper(true),
            null,
            window,
            new DeliveryTracker(window, stats),
            stats,
            10,
            Clock.systemUTC());
    assertThat(window.claimAvailable()).isEqualTo(2);
    AtomicInteger acks = new AtomicInteger();
    for (int i = 0; i < 2; i++) {
      d.onMessage(
          new InboundMessage(
              "nowhere/" + i,
              new byte[] {1},
              1,
              false,
              false,
              0,
              MqttAck.of(acks::incrementAndGet)));
    }
    assertThat(acks).hasValue(2);
    assertThat(stats.unrouted()).isEqualTo(2);
    assertThat(stats.received()).isEqualTo(2);
    assertThat(stats.inFlight()).isZero();
    assertThat(window.free()).isEqualTo(2);
    d.close();
  }
}
