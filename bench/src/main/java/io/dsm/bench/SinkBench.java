/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.dsm.common.Backoff;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.mqtt.client.MqttClients;
import io.dsm.mqtt.client.OutboundPublish;
import io.dsm.sink.MqttSinkConnector;
import io.dsm.testsupport.MosquittoProcess;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The sink's throughput and latency next to the two limits it sits between, measured in one run on
 * one machine: raw Danube consume (receive + ack) and raw MQTT publish (QoS 1, the same window).
 * Mosquitto and the in-memory Danube run locally.
 *
 * <p>{@code java -cp bench/target/danube-mqtt-bench.jar io.dsm.bench.SinkBench [messages]
 * [payloadBytes] [window]}
 */
public final class SinkBench {
  private static final String TOPIC = "/bench/sink";

  private SinkBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    try (MosquittoProcess mosquitto =
            MosquittoProcess.builder().maxQueuedMessages(1_000_000).start();
        InMemoryDanubeBroker danube = InMemoryDanubeBroker.builder().start();
        DanubeClient client = DanubeClients.create(DanubeClientConfig.of(danube.serviceUrl()))) {
      danube.createNamespace("bench");
      DanubeProducer producer =
          client
              .createProducer(ProducerConfig.of(TOPIC, "bench-producer", DispatchStrategy.RELIABLE))
              .get(30, TimeUnit.SECONDS);
      // Two subscriptions exist before anything is produced, so both see every message.
      DanubeConsumer raw =
          client
              .subscribe(new ConsumerConfig(TOPIC, "raw", "raw", null, window))
              .get(30, TimeUnit.SECONDS);
      // The sink's subscription (its connector name) too: a subscription created later starts at
      // the end of the topic and would see none of the stored messages.
      client
          .subscribe(new ConsumerConfig(TOPIC, "sink-placeholder", "bench-sink", null, window))
          .get(30, TimeUnit.SECONDS)
          .close();
      Map<String, String> env = new HashMap<>();
      env.put("DANUBE_SERVICE_URL", danube.serviceUrl());
      env.put("CONNECTOR_NAME", "bench-sink");
      env.put("MQTT_BROKER_HOST", "127.0.0.1");
      env.put("MQTT_BROKER_PORT", Integer.toString(mosquitto.port()));
      env.put("MQTT_CLIENT_ID", "bench-sink-1");
      env.put("DANUBE_TOPICS", TOPIC);
      env.put("MQTT_TOPIC_TEMPLATE", "bench/out/{attr.k}");
      env.put("MAX_IN_FLIGHT", Integer.toString(window));
      env.put("METRICS_PORT", "0");
      env.put("LOG_LEVEL", "warn");

      byte[] payload = new byte[size];
      List<CompletableFuture<?>> sends = new ArrayList<>();
      Semaphore sendWindow = new Semaphore(1024);
      for (int i = 0; i < n; i++) {
        sendWindow.acquire();
        sends.add(
            producer
                .sendAsync(new OutgoingMessage(payload, Map.of("k", "t" + (i % 16)), null))
                .whenComplete((id, e) -> sendWindow.release()));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);

      // 1. Raw Danube consume: receive and ack every stored message.
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        int at = i;
        ReceivedMessage m =
            raw.receive(Duration.ofSeconds(30))
                .orElseThrow(() -> new IllegalStateException("raw consumer stalled at " + at));
        raw.ack(m);
      }
      double rawConsume = n / ((System.nanoTime() - t0) / 1e9);
      raw.close();

      // 2. Raw MQTT publish: QoS 1, the same window, to a subscriber that counts.
      CountDownLatch rawArrived = new CountDownLatch(n);
      Mqtt3AsyncClient counter =
          subscriber(mosquitto.port(), "bench/raw/#", p -> rawArrived.countDown());
      io.dsm.mqtt.client.MqttClient publisher =
          MqttClients.create(
              MqttClientOptions.builder("127.0.0.1", mosquitto.port(), "bench-raw")
                  .publishWindow(window)
                  .reconnectBackoff(Backoff.RECONNECT)
                  .build(),
              null,
              null,
              null);
      publisher.connect().get(10, TimeUnit.SECONDS);
      t0 = System.nanoTime();
      List<CompletableFuture<Void>> acks = new ArrayList<>(n);
      Semaphore pubWindow = new Semaphore(window * 4);
      for (int i = 0; i < n; i++) {
        pubWindow.acquire();
        acks.add(
            publisher
                .publish(new OutboundPublish("bench/raw/t" + (i % 16), payload, 1, false, null))
                .whenComplete((v, e) -> pubWindow.release()));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
      rawArrived.await(5, TimeUnit.MINUTES);
      double rawPublish = n / ((System.nanoTime() - t0) / 1e9);
      publisher.close();
      counter.disconnect().get(5, TimeUnit.SECONDS);

      // 3. The sink over the same stored messages (its own subscription), then latency at a rate.
      CountDownLatch sinkArrived = new CountDownLatch(n);
      Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      Mqtt3AsyncClient out =
          subscriber(mosquitto.port(), "bench/out/#", p -> sinkArrived.countDown());
      MqttSinkConnector sink =
          new MqttSinkConnector(ConfigLoader.loadSink(EnvSource.of(env), Map.of()).settings());
      t0 = System.nanoTime();
      sink.start();
      if (!sinkArrived.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("sink stalled: " + sinkArrived.getCount() + " missing");
      }
      double sinkRate = n / ((System.nanoTime() - t0) / 1e9);

      int rate = 2_000;
      int latencyMessages = rate * 10;
      CountDownLatch latencyArrived = new CountDownLatch(latencyMessages);
      Mqtt3AsyncClient latencyOut =
          subscriber(
              mosquitto.port(),
              "bench/out/#",
              p -> {
                ByteBuffer b = ByteBuffer.wrap(p.getPayloadAsBytes());
                latency.recordValue(Math.max(0, System.nanoTime() - b.getLong()));
                latencyArrived.countDown();
              });
      out.disconnect().get(5, TimeUnit.SECONDS);
      long start = System.nanoTime();
      long interval = TimeUnit.SECONDS.toNanos(1) / rate;
      for (int i = 0; i < latencyMessages; i++) {
        long due = start + i * interval;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        byte[] stamped = new byte[Math.max(8, size)];
        ByteBuffer.wrap(stamped).putLong(due); // intended send time: no coordinated omission
        producer.sendAsync(new OutgoingMessage(stamped, Map.of("k", "t" + (i % 16)), null));
      }
      latencyArrived.await(2, TimeUnit.MINUTES);
      sink.close();
      latencyOut.disconnect().get(5, TimeUnit.SECONDS);

      System.out.printf(
          Locale.ROOT,
          "sink-bench: %d msgs x %d B, window %d | raw Danube consume %.0f msg/s | raw MQTT publish"
              + " QoS1 %.0f msg/s | sink %.0f msg/s (%.2f of the lower limit) | latency at %d"
              + " msg/s: p50 %.2f ms p99 %.2f ms max %.2f ms%n",
          n,
          size,
          window,
          rawConsume,
          rawPublish,
          sinkRate,
          sinkRate / Math.min(rawConsume, rawPublish),
          rate,
          latency.getValueAtPercentile(50) / 1e6,
          latency.getValueAtPercentile(99) / 1e6,
          latency.getMaxValue() / 1e6);
    }
  }

  private static Mqtt3AsyncClient subscriber(
      int port,
      String filter,
      java.util.function.Consumer<com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish> cb)
      throws Exception {
    Mqtt3AsyncClient c =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("bench-sub-" + System.nanoTime())
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildAsync();
    c.connect().get(10, TimeUnit.SECONDS);
    c.subscribeWith()
        .topicFilter(filter)
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(cb)
        .send()
        .get(10, TimeUnit.SECONDS);
    return c;
  }
}
