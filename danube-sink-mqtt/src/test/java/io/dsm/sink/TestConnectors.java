/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.dsm.connector.MqttSourceConnector;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.testsupport.Closer;
import io.dsm.testsupport.ConnectorEnv;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the sink's interop tests start in the test JVM: the sink and source connectors, a Danube
 * producer that plays the commanding application, and MQTT 5 device clients (an MQTT implementation
 * independent of the connectors' own). Everything is registered with the test's {@link Closer}.
 */
final class TestConnectors {
  private TestConnectors() {}

  static MqttSinkConnector startSink(Closer closer, ConnectorEnv env) throws Exception {
    return started(
        closer,
        new MqttSinkConnector(ConfigLoader.loadSink(EnvSource.of(env.map()), Map.of()).settings()),
        MqttSinkConnector::start);
  }

  static MqttSourceConnector startSource(Closer closer, ConnectorEnv env) throws Exception {
    return started(
        closer,
        new MqttSourceConnector(ConfigLoader.load(EnvSource.of(env.map()), Map.of()).settings()),
        MqttSourceConnector::start);
  }

  /** How a connector starts. */
  @FunctionalInterface
  interface Start<C> {
    void start(C connector) throws Exception;
  }

  /** Registers {@code connector} to be closed after the test, then starts it. */
  private static <C extends AutoCloseable> C started(Closer closer, C connector, Start<C> start)
      throws Exception {
    start.start(closer.add(connector));
    return connector;
  }

  /** A reliable producer named "commander" on {@code topic}. */
  static DanubeProducer commander(Closer closer, String danubeUrl, String topic) throws Exception {
    DanubeClient client = closer.add(DanubeClients.create(DanubeClientConfig.of(danubeUrl)));
    return client
        .createProducer(ProducerConfig.of(topic, "commander", DispatchStrategy.RELIABLE))
        .get(30, TimeUnit.SECONDS);
  }

  /** A connected MQTT 5 client with a clean session. */
  static Mqtt5AsyncClient device(Closer closer, int port, String id) throws Exception {
    Mqtt5AsyncClient c =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(id)
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildAsync();
    c.connect().get(10, TimeUnit.SECONDS);
    closer.add(() -> c.disconnect().get(5, TimeUnit.SECONDS));
    return c;
  }

  /** Subscribes {@code device} to {@code filter} with QoS 1. */
  static void subscribe(Mqtt5AsyncClient device, String filter, Consumer<Mqtt5Publish> callback)
      throws Exception {
    device
        .subscribeWith()
        .topicFilter(filter)
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(callback)
        .send()
        .get(10, TimeUnit.SECONDS);
  }

  /** Publishes with QoS 1 and returns once the broker acknowledged it. */
  static void publish(Mqtt5AsyncClient device, String topic, byte[] payload) throws Exception {
    device
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .send()
        .get(10, TimeUnit.SECONDS);
  }
}
