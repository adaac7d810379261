/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.mqtt.client.MqttClient;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.mqtt.client.MqttClients;
import io.dsm.mqtt.client.Subscription;
import io.dsm.sink.MqttSinkConnector;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other direction in the demo ({@code demo --commands}): a commander sends a command to the
 * Danube topic {@value #TOPIC} every few seconds, the sink connector publishes it to {@code
 * devices/<device>/cmd}, and a simulated device subscribed there prints what it received. The
 * record holds what {@link #close()} stops.
 */
record CommandsDemo(
    DanubeClient client,
    DanubeProducer producer,
    MqttSinkConnector sink,
    MqttClient device,
    ScheduledExecutorService timer)
    implements AutoCloseable {
  static final String TOPIC = "/iot/commands";
  private static final String[] COMMANDS = {"reboot", "set-interval 5s", "calibrate", "led on"};

  static CommandsDemo start(int mqttPort, String danubeUrl, PrintStream out) throws Exception {
    DanubeClient client = DanubeClients.create(DanubeClientConfig.of(danubeUrl));
    // The commander's producer creates the topic the sink consumes.
    DanubeProducer producer =
        client
            .createProducer(ProducerConfig.of(TOPIC, "demo-commander", DispatchStrategy.RELIABLE))
            .get(30, TimeUnit.SECONDS);
    Map<String, String> env = new HashMap<>();
    env.put("DANUBE_SERVICE_URL", danubeUrl);
    env.put("CONNECTOR_NAME", "demo-sink");
    env.put("MQTT_BROKER_HOST", "127.0.0.1");
    env.put("MQTT_BROKER_PORT", Integer.toString(mqttPort));
    env.put("MQTT_CLIENT_ID", "demo-sink-1");
    env.put("DANUBE_TOPICS", TOPIC);
    env.put("MQTT_TOPIC_TEMPLATE", "devices/{attr.device}/cmd");
    env.put("METRICS_PORT", "0");
    MqttSinkConnector sink =
        new MqttSinkConnector(ConfigLoader.loadSink(EnvSource.of(env), Map.of()).settings());
    sink.start();
    MqttClient device =
        MqttClients.create(
            MqttClientOptions.builder("127.0.0.1", mqttPort, "demo-device").build(),
            m -> {
              out.println(
                  "  device  <- MQTT "
                      + m.topic()
                      + ": '"
                      + new String(m.payload(), StandardCharsets.UTF_8)
                      + "' (Danube "
                      + TOPIC
                      + " -> sink -> MQTT)");
              out.flush();
              m.acknowledge();
            },
            null,
            null);
    device.connect().get(10, TimeUnit.SECONDS);
    device.subscribe(List.of(new Subscription("devices/+/cmd", 1))).get(10, TimeUnit.SECONDS);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-commander");
              t.setDaemon(true);
              return t;
            });
    AtomicInteger n = new AtomicInteger();
    timer.scheduleAtFixedRate(
        () -> {
          int i = n.getAndIncrement();
          String command = COMMANDS[i % COMMANDS.length];
          String target = "d" + (i % 3 + 1);
          out.println("  command -> Danube " + TOPIC + ": '" + command + "' for device " + target);
          out.flush();
          producer.sendAsync(
              new OutgoingMessage(
                  command.getBytes(StandardCharsets.UTF_8), Map.of("device", target), null));
        },
        1,
        3,
        TimeUnit.SECONDS);
    return new CommandsDemo(client, producer, sink, device, timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    device.close();
    sink.close();
    producer.close();
    client.close();
  }
}
