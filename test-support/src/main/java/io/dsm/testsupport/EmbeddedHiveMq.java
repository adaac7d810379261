/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * HiveMQ Community Edition embedded in this JVM on a free loopback port, in memory. Optionally it
 * records, on the broker side, every PUBACK and PUBREC each client sent, so that tests can prove
 * when the connector acknowledged. Tests use it through {@link EmbeddedHiveMqExtension}.
 *
 * <p>The module that uses it declares {@code hivemq-community-edition-embedded} itself (this
 * module's dependency on it is optional).
 */
public final class EmbeddedHiveMq implements AutoCloseable {
  private static final String HOST = "127.0.0.1";

  private final EmbeddedHiveMQ hivemq;
  private final int port;
  private final Path folder;
  private final boolean ownsFolder;
  private final Map<String, AtomicLong> pubAcks;
  private final Map<String, AtomicLong> pubRecs;

  private EmbeddedHiveMq(
      EmbeddedHiveMQ hivemq,
      int port,
      Path folder,
      boolean ownsFolder,
      Map<String, AtomicLong> pubAcks,
      Map<String, AtomicLong> pubRecs) {
    this.hivemq = hivemq;
    this.port = port;
    this.folder = folder;
    this.ownsFolder = ownsFolder;
    this.pubAcks = pubAcks;
    this.pubRecs = pubRecs;
  }

  /** How to configure the broker; {@link #start()} starts it. */
  public static final class Builder {
    private Path folder;
    private long maxQueueSize;
    private boolean recordAcknowledgements;

    private Builder() {}

    /** Where the broker's conf, data and extension folders go (default: a temporary folder). */
    public Builder folder(Path folder) {
      this.folder = folder;
      return this;
    }

    /**
     * Messages queued per offline or slow client (HiveMQ's default is 1000, the excess discarded);
     * raise it so that a subscriber that falls behind delays messages instead of losing them.
     */
    public Builder maxQueueSize(long messages) {
      this.maxQueueSize = messages;
      return this;
    }

    /**
     * Counts the PUBACKs and PUBRECs each client sends ({@link #pubAcksFrom}). It adds an extension
     * hop to every acknowledgement, so it is off where throughput is measured.
     */
    public Builder recordAcknowledgements() {
      this.recordAcknowledgements = true;
      return this;
    }

    /** Starts the broker and waits until it accepts connections. */
    public EmbeddedHiveMq start() throws IOException {
      int port = FreePorts.find();
      boolean ownsFolder = folder == null;
      Path root = ownsFolder ? Files.createTempDirectory("hivemq-ce-") : folder;
      Path conf = Files.createDirectories(root.resolve("conf"));
      Files.writeString(conf.resolve("config.xml"), config(port), StandardCharsets.UTF_8);
      Map<String, AtomicLong> pubAcks = new ConcurrentHashMap<>();
      Map<String, AtomicLong> pubRecs = new ConcurrentHashMap<>();
      EmbeddedHiveMQBuilder builder =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(conf)
              .withDataFolder(Files.createDirectories(root.resolve("data")))
              .withExtensionsFolder(Files.createDirectories(root.resolve("extensions")))
              .withoutLoggingBootstrap();
      if (recordAcknowledgements) {
        builder =
            builder.withEmbeddedExtension(
                EmbeddedExtension.builder()
                    .withId("ack-recorder")
                    .withName("ack-recorder")
                    .withVersion("1")
                    .withAuthor("tests")
                    .withPriority(0)
                    .withStartPriority(1000)
                    .withExtensionMain(new AckRecorder(pubAcks, pubRecs))
                    .build());
      }
      EmbeddedHiveMQ hivemq = builder.build();
      EmbeddedHiveMq broker = new EmbeddedHiveMq(hivemq, port, root, ownsFolder, pubAcks, pubRecs);
      try {
        hivemq.start().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        broker.close();
        throw new IOException("embedded HiveMQ CE did not start: " + e, e);
      } catch (InterruptedException e) {
        broker.close();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while HiveMQ CE started", e);
      }
      // HiveMQ only logs a listener that cannot bind (the port may have been taken meanwhile).
      if (!broker.accepts()) {
        broker.close();
        throw new IOException(
            "embedded HiveMQ CE started but does not listen on " + HOST + ":" + port);
      }
      return broker;
    }

    private String config(int port) {
      String queue =
          maxQueueSize > 0
              ? "<mqtt><queued-messages><max-queue-size>%d</max-queue-size></queued-messages></mqtt>"
                  .formatted(maxQueueSize)
              : "";
      return """
          <?xml version="1.0"?>
          <hivemq>
            <listeners>
              <tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>
            </listeners>
            %s
            <persistence><mode>in-memory</mode></persistence>
            <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
          </hivemq>
          """
          .formatted(port, HOST, queue);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String host() {
    return HOST;
  }

  /** The folder holding the broker's conf, data and extensions folders. */
  public Path folder() {
    return folder;
  }

  public int port() {
    return port;
  }

  /** PUBACKs the broker received from {@code clientId} so far (needs recording switched on). */
  public long pubAcksFrom(String clientId) {
    return count(pubAcks, clientId);
  }

  /** PUBRECs (QoS 2 receipt acknowledgements) the broker received from {@code clientId}. */
  public long pubRecsFrom(String clientId) {
    return count(pubRecs, clientId);
  }

  private static long count(Map<String, AtomicLong> counts, String clientId) {
    AtomicLong n = counts.get(clientId);
    return n == null ? 0 : n.get();
  }

  /** Stops the broker and deletes the folder it made for itself. */
  @Override
  public void close() {
    try {
      hivemq.stop().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Closing below releases what stop() did not.
    }
    try {
      hivemq.close();
    } catch (Exception e) {
      // Nothing more to release.
    }
    if (ownsFolder) {
      deleteTree(folder);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(EmbeddedHiveMq::deleteQuietly);
    } catch (IOException e) {
      // A temporary folder: best effort.
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A temporary folder: best effort.
    }
  }

  /** The embedded extension that counts acknowledgements per client. */
  private static final class AckRecorder implements ExtensionMain {
    private final Map<String, AtomicLong> pubAcks;
    private final Map<String, AtomicLong> pubRecs;

    AckRecorder(Map<String, AtomicLong> pubAcks, Map<String, AtomicLong> pubRecs) {
      this.pubAcks = pubAcks;
      this.pubRecs = pubRecs;
    }

    @Override
    public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
      Services.initializerRegistry()
          .setClientInitializer(
              (init, client) -> {
                client.addPubackInboundInterceptor(
                    (ackIn, ackOut) ->
                        increment(pubAcks, ackIn.getClientInformation().getClientId()));
                client.addPubrecInboundInterceptor(
                    (recIn, recOut) ->
                        increment(pubRecs, recIn.getClientInformation().getClientId()));
              });
    }

    private static void increment(Map<String, AtomicLong> counts, String clientId) {
      counts.computeIfAbsent(clientId, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {}
  }
}
