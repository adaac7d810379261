/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes {@link SequenceLedger}-stamped QoS 1 messages round-robin over topics through an
 * independent MQTT implementation (the HiveMQ client; the module using this class brings it), and
 * confirms each in the ledger when the broker acknowledged it. At most {@code window} publishes
 * wait for their PUBACK. Either a given number as fast as the window allows ({@link #publish}), or
 * a fixed rate from a background thread ({@link #startAtRate}) that is open loop: the schedule does
 * not slip when the broker is slow, and a message due while the window is full is not sent.
 *
 * <p>The client keeps a persistent session and reconnects within 100 ms to 2 s, so that a broker
 * restart delays publishes instead of failing them.
 */
public final class LedgerPublisher implements AutoCloseable {
  private final Mqtt3AsyncClient client;
  private final SequenceLedger ledger;
  private final List<String> topics;
  private final int payloadBytes;
  private final int windowSize;
  private final Semaphore window;
  private final AtomicLong confirmed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private long next;
  private volatile boolean stop;
  private Thread thread;

  /**
   * Connects as {@code clientId} to the broker at 127.0.0.1:{@code port}; payloads are padded to
   * {@code payloadBytes}.
   */
  public LedgerPublisher(
      int port,
      String clientId,
      SequenceLedger ledger,
      List<String> topics,
      int payloadBytes,
      int window) {
    this.ledger = ledger;
    this.topics = List.copyOf(topics);
    this.payloadBytes = payloadBytes;
    this.windowSize = window;
    this.window = new Semaphore(window);
    this.client =
        Mqtt3Client.builder()
            .identifier(clientId)
            .serverHost("127.0.0.1")
            .serverPort(port)
            .automaticReconnect()
            .initialDelay(100, TimeUnit.MILLISECONDS)
            .maxDelay(2, TimeUnit.SECONDS)
            .applyAutomaticReconnect()
            .buildAsync();
    client.connectWith().cleanSession(false).send().join();
  }

  /** Publishes {@code count} messages as fast as the window allows; returns when all were sent. */
  public void publish(long count) throws InterruptedException {
    for (long i = 0; i < count && !stop; i++) {
      window.acquire();
      publishOne();
    }
  }

  /** Publishes {@code perSecond} messages a second on a background thread until {@link #stop()}. */
  public void startAtRate(int perSecond) {
    long intervalNanos = 1_000_000_000L / perSecond;
    thread =
        new Thread(
            () -> {
              long due = System.nanoTime();
              while (!stop) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                  LockSupport.parkNanos(wait); // the load's schedule, not a test's wait
                }
                due += intervalNanos;
                if (window.tryAcquire()) {
                  publishOne();
                } // else the broker is away: this message is not sent (the rate is open loop)
              }
            },
            "ledger-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  /** Publishes the next message; the caller holds a window permit. */
  private void publishOne() {
    String topic = topics.get((int) (next++ % topics.size()));
    byte[] payload = ledger.next(topic, payloadBytes);
    client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .send()
        .whenComplete(
            (ack, e) -> {
              window.release();
              if (e == null) {
                ledger.confirm(payload);
                confirmed.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
            });
  }

  /**
   * Stops publishing and waits (up to a minute) for the publishes in flight to be acknowledged or
   * to fail, so that the ledger is complete when it is read next.
   */
  public void stop() throws InterruptedException {
    stopThread();
    if (window.tryAcquire(windowSize, 60, TimeUnit.SECONDS)) {
      window.release(windowSize);
    }
  }

  private void stopThread() throws InterruptedException {
    stop = true;
    if (thread != null) {
      thread.join(10_000);
    }
  }

  /** Messages the broker acknowledged. */
  public long confirmed() {
    return confirmed.get();
  }

  /** Publishes that failed (the broker was away and the client gave up on them). */
  public long failed() {
    return failed.get();
  }

  @Override
  public void close() throws InterruptedException {
    stopThread();
    client.disconnect();
  }
}
