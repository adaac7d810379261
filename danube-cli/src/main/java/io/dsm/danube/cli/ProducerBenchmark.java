/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.OutgoingMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop producer throughput benchmark: keeps up to {@code inFlight} sends outstanding and
 * records each send's time from {@code sendAsync} to acknowledgement.
 *
 * <p>Closed loop means a slow broker slows the sender down instead of building a queue, so the
 * latencies are service times under that concurrency, not end-to-end latencies at a target rate.
 * With a routing key the client keeps one send in flight per key, so the effective concurrency is
 * at most the number of keys.
 */
final class ProducerBenchmark {

  private final DanubeProducer producer;
  private final BenchmarkSettings settings;
  private final Duration drainTimeout;

  /**
   * @param drainTimeout how long to wait for the last outstanding sends of a phase; a bound so that
   *     a lost answer cannot hang the run
   */
  ProducerBenchmark(DanubeProducer producer, BenchmarkSettings settings, Duration drainTimeout) {
    this.producer = producer;
    this.settings = settings;
    this.drainTimeout = drainTimeout;
  }

  BenchmarkResult run() throws InterruptedException, TimeoutException {
    byte[] payload = PayloadOptions.generated(settings.payloadSize());
    String[] keys = new String[settings.keys()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "key-" + i;
    }
    if (settings.warmup() > 0) {
      Phase warmup = new Phase(payload, keys, null);
      warmup.send(settings.warmup());
      if (warmup.firstFailure.get() != null) {
        return result(warmup, 0, new ConcurrentHistogram(3));
      }
    }
    Histogram latencies = new ConcurrentHistogram(3);
    Phase measured = new Phase(payload, keys, latencies);
    long started = System.nanoTime();
    measured.send(settings.count());
    long elapsed = System.nanoTime() - started;
    return result(measured, elapsed, latencies);
  }

  private BenchmarkResult result(Phase phase, long elapsedNanos, Histogram latencies) {
    boolean empty = latencies.getTotalCount() == 0;
    return new BenchmarkResult(
        settings,
        phase.acknowledged.get(),
        phase.failed.get(),
        elapsedNanos / 1e9,
        empty ? 0 : micros(latencies.getValueAtPercentile(50)),
        empty ? 0 : micros(latencies.getValueAtPercentile(90)),
        empty ? 0 : micros(latencies.getValueAtPercentile(99)),
        empty ? 0 : micros(latencies.getValueAtPercentile(99.9)),
        empty ? 0 : micros(latencies.getMaxValue()),
        empty ? 0 : latencies.getMean() / 1_000.0,
        phase.firstFailure.get());
  }

  private static long micros(long nanos) {
    return TimeUnit.NANOSECONDS.toMicros(nanos);
  }

  /** One run of sends: warm-up (not recorded) or measured. */
  private final class Phase {
    private final byte[] payload;
    private final String[] keys;
    private final Histogram latencies;
    private final Semaphore permits = new Semaphore(settings.inFlight());
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    Phase(byte[] payload, String[] keys, Histogram latencies) {
      this.payload = payload;
      this.keys = keys;
      this.latencies = latencies;
    }

    void send(long messages) throws InterruptedException, TimeoutException {
      for (long i = 0; i < messages; i++) {
        permits.acquire();
        // Checked after acquiring: a failure is recorded before its permit is released.
        if (firstFailure.get() != null) {
          permits.release();
          break;
        }
        String key = keys.length == 0 ? null : keys[(int) (i % keys.length)];
        // The payload array is shared read-only by all messages; nobody writes it after creation.
        OutgoingMessage message = new OutgoingMessage(payload, Map.of(), key);
        long sentAt = System.nanoTime();
        producer
            .sendAsync(message)
            .whenComplete(
                (id, failure) -> {
                  // Runs on the client's callback thread: record and release, never block.
                  if (failure == null) {
                    if (latencies != null) {
                      latencies.recordValue(System.nanoTime() - sentAt);
                    }
                    acknowledged.incrementAndGet();
                  } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, DanubeCli.describe(failure));
                  }
                  permits.release();
                });
      }
      if (!permits.tryAcquire(
          settings.inFlight(), drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            (settings.inFlight() - permits.availablePermits())
                + " sends to "
                + settings.topic()
                + " still unanswered after "
                + drainTimeout);
      }
      permits.release(settings.inFlight());
    }
  }
}
