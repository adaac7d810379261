/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The demo's MQTT broker: HiveMQ CE embedded in this process, listening on 127.0.0.1 only, with
 * in-memory persistence and its configuration, data and extension folders under a given directory.
 *
 * <p>An embedded extension reports every PUBLISH the broker sends to one watched client (the
 * connector), which is what the connector received from MQTT. Simulated devices publish through the
 * broker's own publish service, so the demo needs no MQTT client of its own; external clients
 * connect to {@link #port()} as to any broker.
 */
final class DemoMqttBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final EmbeddedHiveMQ hivemq;
  private final int port;

  private DemoMqttBroker(EmbeddedHiveMQ hivemq, int port) {
    this.hivemq = hivemq;
    this.port = port;
  }

  /**
   * Starts the broker.
   *
   * @param folder where the broker's folders go (the caller deletes it)
   * @param port the TCP port on 127.0.0.1, or 0 for a free one
   * @param watchedClientId the client whose received messages are reported
   * @param onSentToWatched called with the topic of every PUBLISH sent to that client, on a broker
   *     thread; must not block
   * @throws DemoStartException when the port is taken or the broker does not start
   */
  static DemoMqttBroker start(
      Path folder, int port, String watchedClientId, Consumer<String> onSentToWatched)
      throws DemoStartException, InterruptedException {
    int actualPort = port == 0 ? freePort() : requireFree(port);
    EmbeddedHiveMQ hivemq;
    try {
      Path conf = Files.createDirectories(folder.resolve("conf"));
      Files.writeString(conf.resolve("config.xml"), config(actualPort), StandardCharsets.UTF_8);
      hivemq =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(conf)
              .withDataFolder(Files.createDirectories(folder.resolve("data")))
              .withExtensionsFolder(Files.createDirectories(folder.resolve("extensions")))
              .withEmbeddedExtension(
                  EmbeddedExtension.builder()
                      .withId("danube-demo-observer")
                      .withName("danube-source-mqtt demo observer")
                      .withVersion("1")
                      .withAuthor("danube-source-mqtt")
                      .withPriority(0)
                      .withStartPriority(1000)
                      .withExtensionMain(new Observer(watchedClientId, onSentToWatched))
                      .build())
              .withoutLoggingBootstrap()
              .build();
    } catch (IOException e) {
      throw new DemoStartException("cannot prepare the embedded MQTT broker in " + folder, e);
    }
    try {
      hivemq.start().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(hivemq);
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new DemoStartException(
          "the embedded MQTT broker (HiveMQ CE) did not start on 127.0.0.1:" + actualPort, cause);
    } catch (InterruptedException e) {
      closeQuietly(hivemq);
      throw e;
    }
    return new DemoMqttBroker(hivemq, actualPort);
  }

  /** The broker's own configuration file: one TCP listener, nothing written to disk. */
  static String config(int port) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <persistence><mode>in-memory</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port);
  }

  int port() {
    return port;
  }

  /** Publishes a QoS 1 message as if a device had sent it; completes once the broker took it. */
  CompletableFuture<Void> publish(String topic, byte[] payload) {
    return Services.publishService()
        .publish(
            Builders.publish()
                .topic(topic)
                .qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(payload))
                .build());
  }

  /**
   * Stores a retained message, as a device that published it with the retain flag earlier would
   * have; a client that subscribes afterwards receives it with the retain flag set.
   */
  CompletableFuture<Void> retain(String topic, byte[] payload) {
    return Services.retainedMessageStore()
        .addOrReplace(
            Builders.retainedPublish()
                .topic(topic)
                .qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(payload))
                .build());
  }

  @Override
  public void close() {
    try {
      hivemq.stop().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Closing below releases what stop() did not.
    }
    closeQuietly(hivemq);
  }

  private static void closeQuietly(EmbeddedHiveMQ hivemq) {
    try {
      hivemq.close();
    } catch (Exception e) {
      // Nothing more to release; the process is about to end or move on.
    }
  }

  private static int freePort() throws DemoStartException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new DemoStartException("cannot find a free TCP port on 127.0.0.1", e);
    }
  }

  /** HiveMQ only logs a listener that fails to bind, so the port is checked before. */
  private static int requireFree(int port) throws DemoStartException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return port;
    } catch (IOException e) {
      throw new DemoStartException(
          "--mqtt-port " + port + ": 127.0.0.1:" + port + " is already in use", e);
    }
  }

  /** The embedded extension: watches the PUBLISH packets sent to one client. */
  private static final class Observer implements ExtensionMain {
    private final String clientId;
    private final Consumer<String> onSent;

    Observer(String clientId, Consumer<String> onSent) {
      this.clientId = clientId;
      this.onSent = onSent;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
      Services.initializerRegistry()
          .setClientInitializer(
              (init, client) -> {
                if (clientId.equals(init.getClientInformation().getClientId())) {
                  client.addPublishOutboundInterceptor(
                      (in, out) -> onSent.accept(in.getPublishPacket().getTopic()));
                }
              });
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
  }
}
