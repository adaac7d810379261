/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ Community Edition embedded in the bench JVM, on a free loopback port, in memory. Its
 * per-client queue (1000 messages by default, excess discarded) is raised, as Mosquitto's is, so
 * that a subscriber that falls behind delays messages instead of losing them at the broker.
 */
public final class EmbeddedHiveMqBroker implements MqttBroker {
  private final EmbeddedHiveMQ hivemq;
  private final int port;

  private EmbeddedHiveMqBroker(EmbeddedHiveMQ hivemq, int port) {
    this.hivemq = hivemq;
    this.port = port;
  }

  public static EmbeddedHiveMqBroker start(Path workDir) throws Exception {
    int port = FreePort.pick();
    Path conf = Files.createDirectories(workDir.resolve("hivemq/conf"));
    Files.writeString(
        conf.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages><max-queue-size>10000000</max-queue-size></queued-messages>
          </mqtt>
          <persistence><mode>in-memory</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port));
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Files.createDirectories(workDir.resolve("hivemq/data")))
            .withExtensionsFolder(Files.createDirectories(workDir.resolve("hivemq/extensions")))
            .withoutLoggingBootstrap()
            .build();
    try {
      hivemq.start().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      hivemq.close();
      throw new IOException("embedded HiveMQ CE did not start: " + e, e);
    }
    return new EmbeddedHiveMqBroker(hivemq, port);
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String describe() {
    return "HiveMQ CE (embedded in the bench JVM)";
  }

  @Override
  public void close() {
    try {
      hivemq.stop().get(30, TimeUnit.SECONDS);
      hivemq.close();
    } catch (Exception e) {
      // Shutting down anyway; nothing else holds the broker.
    }
  }
}
