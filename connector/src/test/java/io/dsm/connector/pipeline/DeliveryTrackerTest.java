/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.mqtt.InboundMessage;
import io.dsm.connector.mqtt.MqttAck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {
  private final InFlightWindow window = new InFlightWindow(4);
  private final ConnectorStats stats = new ConnectorStats();
  private final DeliveryTracker tracker = new DeliveryTracker(window, stats);

  private InboundMessage message(AtomicInteger acks) {
    return new InboundMessage(
        "t", new byte[0], 1, false, false, 0, MqttAck.of(acks::incrementAndGet));
  }

  @Test
  void acknowledgesOnceAndReleasesThePermitOnce() {
    window.claimAvailable();
    AtomicInteger acks = new AtomicInteger();
    DeliveryTracker.Delivery d = tracker.begin(message(acks));
    assertThat(stats.inFlight()).isEqualTo(1);
    assertThat(acks).hasValue(0);
    d.finish();
    d.finish();
    assertThat(acks).hasValue(1);
    assertThat(window.free()).isEqualTo(1);
    assertThat(stats.inFlight()).isZero();
    assertThat(tracker.pending()).isZero();
  }

  @Test
  void awaitDrainedTimesOutWhileADeliveryIsOpenAndReturnsOnceItFinished() throws Exception {
    window.claimAvailable();
    DeliveryTracker.Delivery d = tracker.begin(message(new AtomicInteger()));
    assertThat(tracker.awaitDrained(Duration.ofMillis(50))).isFalse();
    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return tracker.awaitDrained(Duration.ofSeconds(10));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    d.finish();
    assertThat(drained.get()).isTrue();
  }
}
