/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class ArrivalRecorderTest {
  private final Semaphore window = new Semaphore(0);
  private final ArrivalRecorder recorder = new ArrivalRecorder(64, i -> "bench/t" + i, window);

  @Test
  void countsFirstArrivalsDuplicatesAndCorruption() {
    byte[] a = PayloadCodec.encode(0, 100, 1, 64);
    byte[] b = PayloadCodec.encode(1, 100, 1, 64);
    byte[] corrupt = PayloadCodec.encode(2, 100, 1, 64);
    corrupt[40] ^= 0x7f;

    recorder.onArrival(a, "bench/t1", 200);
    recorder.onArrival(a, "bench/t1", 300);
    recorder.onArrival(b, "bench/t1", 200);
    recorder.onArrival(corrupt, "bench/t1", 200);
    recorder.onArrival(PayloadCodec.encode(3, 100, 1, 64), "bench/t2", 200); // wrong topic

    assertThat(recorder.distinct()).isEqualTo(2);
    assertThat(recorder.duplicates()).isEqualTo(1);
    assertThat(recorder.corrupted()).isEqualTo(2);
    assertThat(window.availablePermits()).as("one permit per first arrival").isEqualTo(2);
  }

  @Test
  void latencyIsFromTheIntendedSendTimeAndOnlyForMessagesScheduledInTheWindow() {
    recorder.measureWindow(1_000, 2_000);
    recorder.onArrival(PayloadCodec.encode(0, 500, 0, 64), "bench/t0", 1_500); // warm-up
    recorder.onArrival(PayloadCodec.encode(1, 1_000, 0, 64), "bench/t0", 5_001_000); // 5 ms
    recorder.onArrival(PayloadCodec.encode(2, 1_999, 0, 64), "bench/t0", 2_500); // late arrival

    recorder.takeInterval();

    assertThat(recorder.totalLatency().getTotalCount()).isEqualTo(2);
    assertThat(recorder.totalLatency().getMaxValue()).isBetween(4_990_000L, 5_010_000L);
    assertThat(recorder.arrivedInWindow()).as("arrivals inside [1000, 2000)").isEqualTo(1);
  }
}
