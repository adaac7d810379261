/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.testsupport.MosquittoProcess;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code mosquitto} process on a free loopback port. Queue limits are lifted so that a slow
 * subscriber (the connector under overload) makes messages wait rather than be dropped by the
 * broker, and TCP_NODELAY is on so that Nagle's algorithm does not add latency to acknowledgements.
 */
public final class MosquittoBroker implements MqttBroker {
  private final MosquittoProcess mosquitto;
  private final String version;

  private MosquittoBroker(MosquittoProcess mosquitto, String version) {
    this.mosquitto = mosquitto;
    this.version = version;
  }

  /** Whether a {@code mosquitto} executable can be found. */
  public static boolean installed() {
    return MosquittoProcess.installed();
  }

  /** The first line of {@code mosquitto -h}, e.g. "mosquitto version 2.0.11", or null. */
  public static String version() {
    return MosquittoProcess.version().orElse(null);
  }

  /** Starts mosquitto with its files in {@code workDir} and waits until it accepts connections. */
  public static MosquittoBroker start(Path workDir) throws IOException {
    String version = version();
    if (version == null) {
      throw new IOException(
          "mosquitto is not installed (no 'mosquitto' on the PATH); install it or use"
              + " --mqtt-broker hivemq or --mqtt-host/--mqtt-port");
    }
    try {
      MosquittoProcess mosquitto =
          MosquittoProcess.builder()
              .dir(workDir)
              .maxQueuedMessages(0)
              .maxQueuedBytes(0)
              .config("set_tcp_nodelay true")
              .start();
      return new MosquittoBroker(mosquitto, version);
    } catch (RuntimeException e) {
      throw new IOException("mosquitto did not start: " + e.getMessage(), e);
    }
  }

  /** The broker process's id (its CPU is not part of the connector's figures). */
  public long pid() {
    return mosquitto.pid();
  }

  @Override
  public String host() {
    return mosquitto.host();
  }

  @Override
  public int port() {
    return mosquitto.port();
  }

  @Override
  public String describe() {
    return version + " (started by the bench, pid " + mosquitto.pid() + ")";
  }

  @Override
  public void close() {
    mosquitto.close();
  }
}
