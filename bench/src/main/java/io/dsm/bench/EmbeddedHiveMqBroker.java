/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.testsupport.EmbeddedHiveMq;
import java.io.IOException;
import java.nio.file.Path;

/**
 * HiveMQ Community Edition embedded in the bench JVM, on a free loopback port, in memory. Its
 * per-client queue (1000 messages by default, excess discarded) is raised, as Mosquitto's is, so
 * that a subscriber that falls behind delays messages instead of losing them at the broker.
 */
public final class EmbeddedHiveMqBroker implements MqttBroker {
  private final EmbeddedHiveMq hivemq;

  private EmbeddedHiveMqBroker(EmbeddedHiveMq hivemq) {
    this.hivemq = hivemq;
  }

  public static EmbeddedHiveMqBroker start(Path workDir) throws IOException {
    return new EmbeddedHiveMqBroker(
        EmbeddedHiveMq.builder()
            .folder(workDir.resolve("hivemq"))
            .maxQueueSize(10_000_000)
            .start());
  }

  @Override
  public String host() {
    return hivemq.host();
  }

  @Override
  public int port() {
    return hivemq.port();
  }

  @Override
  public String describe() {
    return "HiveMQ CE (embedded in the bench JVM)";
  }

  @Override
  public void close() {
    hivemq.close();
  }
}
