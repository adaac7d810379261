/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.mqtt.client.InboundPublish;
import io.dsm.mqtt.client.PublishProperties;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntakeWindowTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger acks = new AtomicInteger();

  private InboundPublish message(int qos, int bytes) {
    return new InboundPublish(
        "t",
        new byte[bytes],
        qos,
        false,
        false,
        1,
        PublishProperties.NONE,
        bytes,
        false,
        bytes,
        0,
        acks::incrementAndGet);
  }

  @Test
  void admitsUpToTheMessageLimitThenRefuses() {
    IntakeWindow w = new IntakeWindow(4, 1 << 20, 10, now::get);
    for (int i = 0; i < 4; i++) {
      assertThat(w.tryAdmit(1, 10)).isTrue();
    }
    assertThat(w.tryAdmit(1, 10)).isFalse();
    assertThat(w.tryAdmit(0, 10)).as("QoS 0 never stops reading").isTrue();
    assertThat(w.inFlight()).isEqualTo(4);
    assertThat(w.maxInFlightSeen()).isEqualTo(4);
  }

  @Test
  void admitsUpToTheByteLimitButAlwaysOneMessageAlone() {
    IntakeWindow w = new IntakeWindow(100, 1000, 10, now::get);
    assertThat(w.tryAdmit(1, 5000)).as("larger than the limit, but alone").isTrue();
    assertThat(w.tryAdmit(1, 1)).isFalse();
    w.finish(message(1, 5000));
    assertThat(w.tryAdmit(1, 600)).isTrue();
    assertThat(w.tryAdmit(1, 400)).isTrue();
    assertThat(w.tryAdmit(1, 1)).isFalse();
    assertThat(w.inFlightBytes()).isEqualTo(1000);
  }

  @Test
  void finishingAcknowledgesAndWakesTheReaderOnlyOnceAQuarterIsFree() {
    IntakeWindow w = new IntakeWindow(8, 1 << 20, 10, now::get);
    for (int i = 0; i < 8; i++) {
      w.tryAdmit(1, 1);
    }
    assertThat(w.tryAdmit(1, 1)).isFalse();
    AtomicInteger woken = new AtomicInteger();
    w.onAdmissionPossible(woken::incrementAndGet);

    w.finish(message(1, 1));
    assertThat(woken).hasValue(0);
    w.finish(message(1, 1));
    assertThat(woken).hasValue(1);
    assertThat(acks).hasValue(2);

    w.finish(message(1, 1));
    assertThat(woken).as("a callback fires once").hasValue(1);
  }

  @Test
  void abandoningGivesCapacityBackWithoutAcknowledging() {
    IntakeWindow w = new IntakeWindow(1, 1 << 20, 10, now::get);
    w.tryAdmit(2, 3);
    w.abandon(message(2, 3));
    assertThat(acks).hasValue(0);
    assertThat(w.inFlight()).isZero();
    assertThat(w.tryAdmit(1, 1)).isTrue();
  }

  @Test
  void afterStopNothingIsAdmittedAndDrainWaitsForTheRest() throws Exception {
    IntakeWindow w = new IntakeWindow(4, 1 << 20, 10, now::get);
    w.tryAdmit(1, 1);
    w.stop();
    assertThat(w.tryAdmit(1, 1)).isFalse();
    assertThat(w.tryAdmit(0, 1)).isFalse();
    assertThat(w.awaitDrained(Duration.ofMillis(20))).isFalse();

    Thread finisher = new Thread(() -> w.finish(message(1, 1)));
    finisher.start();
    assertThat(w.awaitDrained(Duration.ofSeconds(10))).isTrue();
    finisher.join();
  }

  @Test
  void qos0BufferIsBoundedByCount() {
    IntakeWindow w = new IntakeWindow(4, 1 << 20, 2, now::get);
    assertThat(w.tryTakeQos0(1)).isTrue();
    assertThat(w.tryTakeQos0(1)).isTrue();
    assertThat(w.tryTakeQos0(1)).isFalse();
    w.releaseQos0(1);
    assertThat(w.tryTakeQos0(1)).isTrue();
  }

  @Test
  void stallIsTheTimeSinceTheLastFinishWhileSomethingWaits() {
    IntakeWindow w = new IntakeWindow(4, 1 << 20, 2, now::get);
    now.addAndGet(TimeUnit.SECONDS.toNanos(100)); // idle: no stall
    assertThat(w.stalledNanos()).isZero();

    w.tryAdmit(1, 1);
    w.tryAdmit(1, 1);
    now.addAndGet(TimeUnit.SECONDS.toNanos(5));
    assertThat(w.stalledNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(5));

    w.finish(message(1, 1));
    now.addAndGet(TimeUnit.SECONDS.toNanos(3));
    assertThat(w.stalledNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(3));

    w.finish(message(1, 1));
    assertThat(w.stalledNanos()).isZero();
  }
}
