/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.util.BitSet;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Checks every message that arrives at the far end (Danube's testkit or a raw MQTT subscriber)
 * against what the load generator sent: intact payload, the expected topic, first arrival or
 * duplicate. Records end-to-end latency from the <em>intended</em> send time of messages meant to
 * be sent inside the measured window (so a stall delays the latency of every message scheduled
 * during it: no coordinated omission) and counts first arrivals inside that window for throughput.
 *
 * <p>Thread-safe: {@link #onArrival} may be called from any thread (calls are serialised).
 */
public final class ArrivalRecorder {
  private static final long MAX_TRACKABLE_NANOS = 3_600_000_000_000L;

  private final int payloadSize;
  private final IntFunction<String> topicOfIndex;
  private final Semaphore window;
  private final Recorder intervalLatency = new Recorder(MAX_TRACKABLE_NANOS, 3);
  private final Histogram totalLatency = new Histogram(MAX_TRACKABLE_NANOS, 3);
  private final BitSet seen = new BitSet();

  private volatile long measureStartNanos = Long.MAX_VALUE;
  private volatile long measureEndNanos = Long.MAX_VALUE;
  private long distinct;
  private long duplicates;
  private long corrupted;
  private long inWindow;

  /**
   * @param payloadSize the size of every payload of the run
   * @param topicOfIndex the topic (MQTT topic, which the connector also uses as routing key) that
   *     carries the messages of a topic index
   * @param window released once per first arrival: the load generator's end-to-end window
   */
  public ArrivalRecorder(int payloadSize, IntFunction<String> topicOfIndex, Semaphore window) {
    this.payloadSize = payloadSize;
    this.topicOfIndex = topicOfIndex;
    this.window = window;
  }

  /** Sets the measured window: intended send times (latency) and arrival times (throughput). */
  public synchronized void measureWindow(long startNanos, long endNanos) {
    this.measureStartNanos = startNanos;
    this.measureEndNanos = endNanos;
  }

  /**
   * One message arrived.
   *
   * @param topic the MQTT topic or routing key it carried (null when it carried none)
   * @param arrivalNanos {@link System#nanoTime()} of its arrival, in this JVM
   */
  public synchronized void onArrival(byte[] payload, String topic, long arrivalNanos) {
    PayloadCodec.Header h = PayloadCodec.decodeVerified(payload, payloadSize);
    if (h == null
        || h.seq() > Integer.MAX_VALUE
        || !topicOfIndex.apply(h.topicIndex()).equals(topic)) {
      corrupted++;
      return;
    }
    int seq = (int) h.seq();
    if (seen.get(seq)) {
      duplicates++;
      return;
    }
    seen.set(seq);
    distinct++;
    window.release();
    if (arrivalNanos >= measureStartNanos && arrivalNanos < measureEndNanos) {
      inWindow++;
    }
    if (h.intendedNanos() >= measureStartNanos && h.intendedNanos() < measureEndNanos) {
      long latency = Math.min(Math.max(0, arrivalNanos - h.intendedNanos()), MAX_TRACKABLE_NANOS);
      intervalLatency.recordValue(latency);
    }
  }

  /**
   * Latencies recorded since the previous call (they are also added to the total). Called by one
   * thread, once per reporting interval.
   */
  public synchronized Histogram takeInterval() {
    Histogram interval = intervalLatency.getIntervalHistogram();
    totalLatency.add(interval);
    return interval;
  }

  /** All latencies recorded so far; call {@link #takeInterval()} first to include the latest. */
  public synchronized Histogram totalLatency() {
    return totalLatency.copy();
  }

  public synchronized long distinct() {
    return distinct;
  }

  public synchronized long duplicates() {
    return duplicates;
  }

  public synchronized long corrupted() {
    return corrupted;
  }

  /** First arrivals whose arrival time fell inside the measured window. */
  public synchronized long arrivedInWindow() {
    return inWindow;
  }
}
