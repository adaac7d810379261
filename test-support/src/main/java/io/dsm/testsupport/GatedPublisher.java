/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes a fixed list of QoS 1 messages in order from its own thread, as far as the test allows
 * ({@link #allowUpTo}), so that publishing provably goes on before, during and after a connector's
 * downtime. A publish returns once the broker acknowledged it, i.e. stored it for the subscribers'
 * sessions. Uses an independent MQTT implementation (the HiveMQ client; the module using this class
 * brings it).
 */
public final class GatedPublisher implements AutoCloseable {
  /** One message to publish. */
  public interface Message {
    String topic();

    byte[] payload();

    /** A message with this topic and payload. */
    static Message of(String topic, byte[] payload) {
      return new Simple(topic, payload);
    }
  }

  private record Simple(String topic, byte[] payload) implements Message {}

  private final int port;
  private final String clientId;
  private final List<? extends Message> messages;
  private final Semaphore permits = new Semaphore(0);
  private final AtomicInteger published = new AtomicInteger();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Thread thread;
  private int allowed;

  /** A publisher of {@code messages} to the broker at 127.0.0.1:{@code port}; not started. */
  public GatedPublisher(int port, String clientId, List<? extends Message> messages) {
    this.port = port;
    this.clientId = clientId;
    this.messages = List.copyOf(messages);
    this.thread = new Thread(this::publishAll, clientId);
    thread.setDaemon(true);
  }

  /** Connects and publishes as far as {@link #allowUpTo} lets it. */
  public void start() {
    thread.start();
  }

  /** Lets the publisher go on up to (excluding) message index {@code limit}. */
  public synchronized void allowUpTo(int limit) {
    if (limit > allowed) {
      permits.release(limit - allowed);
      allowed = limit;
    }
  }

  /** How many were acknowledged by the broker; throws if the publisher failed. */
  public int published() {
    if (done.isCompletedExceptionally()) {
      try {
        done.join();
      } catch (CompletionException e) {
        throw new AssertionError("publisher failed after " + published.get(), e.getCause());
      }
    }
    return published.get();
  }

  private void publishAll() {
    Mqtt3BlockingClient client =
        Mqtt3Client.builder()
            .identifier(clientId)
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildBlocking();
    try {
      client.connect();
      for (Message m : messages) {
        permits.acquire();
        client
            .publishWith()
            .topic(m.topic())
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(m.payload())
            .send();
        published.incrementAndGet();
      }
      done.complete(null);
    } catch (InterruptedException | RuntimeException e) {
      done.completeExceptionally(e);
    } finally {
      if (client.getState().isConnected()) {
        client.disconnect();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }
}
