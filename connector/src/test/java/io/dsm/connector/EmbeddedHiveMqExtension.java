/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running an embedded HiveMQ CE broker on a free loopback port for the test class
 * (register it as a static {@code @RegisterExtension} field). An embedded broker extension records,
 * on the broker side, every PUBACK each client sent, so tests can prove when the connector
 * acknowledged.
 */
public final class EmbeddedHiveMqExtension implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, AtomicLong> pubAcks = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> pubRecs = new ConcurrentHashMap<>();
  private EmbeddedHiveMQ broker;
  private Path folder;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    port = FreePorts.find();
    folder = Files.createTempDirectory("hivemq-ce-");
    Path conf = Files.createDirectories(folder.resolve("conf"));
    Files.writeString(
        conf.resolve("config.xml"),
        """
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
            .formatted(port),
        StandardCharsets.UTF_8);
    broker =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Files.createDirectories(folder.resolve("data")))
            .withExtensionsFolder(Files.createDirectories(folder.resolve("extensions")))
            .withEmbeddedExtension(
                EmbeddedExtension.builder()
                    .withId("ack-recorder")
                    .withName("ack-recorder")
                    .withVersion("1")
                    .withAuthor("tests")
                    .withPriority(0)
                    .withStartPriority(1000)
                    .withExtensionMain(new AckRecorder())
                    .build())
            .withoutLoggingBootstrap()
            .build();
    broker.start().get(60, TimeUnit.SECONDS);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (broker != null) {
      broker.stop().get(30, TimeUnit.SECONDS);
      broker.close();
    }
    if (folder != null) {
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(EmbeddedHiveMqExtension::deleteQuietly);
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort: a temp folder
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** PUBACKs the broker received from {@code clientId} so far. */
  public long pubAcksFrom(String clientId) {
    AtomicLong n = pubAcks.get(clientId);
    return n == null ? 0 : n.get();
  }

  /** PUBRECs (QoS 2 receipt acknowledgements) the broker received from {@code clientId}. */
  public long pubRecsFrom(String clientId) {
    AtomicLong n = pubRecs.get(clientId);
    return n == null ? 0 : n.get();
  }

  private final class AckRecorder implements ExtensionMain {
    @Override
    public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
      Services.initializerRegistry()
          .setClientInitializer(
              (init, client) -> {
                client.addPubackInboundInterceptor(
                    (ackIn, ackOut) ->
                        pubAcks
                            .computeIfAbsent(
                                ackIn.getClientInformation().getClientId(), k -> new AtomicLong())
                            .incrementAndGet());
                client.addPubrecInboundInterceptor(
                    (recIn, recOut) ->
                        pubRecs
                            .computeIfAbsent(
                                recIn.getClientInformation().getClientId(), k -> new AtomicLong())
                            .incrementAndGet());
              });
    }

    @Override
    public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {}
  }
}
