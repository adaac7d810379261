/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.dsm.testsupport.SequenceLedger;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes sequence-stamped QoS 1 messages round-robin over topics through an independent MQTT
 * implementation (the HiveMQ client), confirming each in the {@link SequenceLedger} when the broker
 * acknowledged it. At most {@code window} publishes wait for their PUBACK; an optional rate paces
 * them (open loop: the schedule does not slip when the broker is slow).
 */
final class FaultPublisher implements AutoCloseable {
  private final Mqtt3AsyncClient client;
  private final SequenceLedger ledger;
  private final List<String> topics;
  private final int payloadBytes;
  private final Semaphore window;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean stop;
  private Thread thread;

  FaultPublisher(
      int port,
      String clientId,
      SequenceLedger ledger,
      List<String> topics,
      int payloadBytes,
      int window) {
    this.ledger = ledger;
    this.topics = List.copyOf(topics);
    this.payloadBytes = payloadBytes;
    this.window = new Semaphore(window);
    this.client =
        Mqtt3Client.builder()
            .identifier(clientId)
            .serverHost("127.0.0.1")
            .serverPort(port)
            .automaticReconnectWithDefaultConfig()
            .buildAsync();
    client.connect().join();
  }

  /**
   * Publishes {@code count} messages as fast as the window allows, and returns when all were sent.
   */
  void publish(long count) throws InterruptedException {
    for (long i = 0; i < count && !stop; i++) {
      publishOne(topics.get((int) (i % topics.size())));
    }
  }

  /** Publishes at {@code perSecond} on a background thread until {@link #stop()}. */
  void startAtRate(int perSecond) {
    long intervalNanos = 1_000_000_000L / perSecond;
    thread =
        new Thread(
            () -> {
              long next = System.nanoTime();
              long i = 0;
              try {
                while (!stop) {
                  long wait = next - System.nanoTime();
                  if (wait > 0) {
                    LockSupport.parkNanos(wait); // the load's schedule, not a test's wait
                  }
                  publishOne(topics.get((int) (i++ % topics.size())));
                  next += intervalNanos;
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fault-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  private void publishOne(String topic) throws InterruptedException {
    window.acquire();
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
                published.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
            });
  }

  /** Stops publishing; waits for the pacing thread. */
  void stop() throws InterruptedException {
    stop = true;
    if (thread != null) {
      thread.join(10_000);
    }
  }

  /** Messages the broker acknowledged. */
  long published() {
    return published.get();
  }

  long failed() {
    return failed.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    client.disconnect();
  }
}
