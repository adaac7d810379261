/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@code mosquitto} process on a free loopback port with a generated configuration. Queue limits
 * are lifted so that a slow subscriber (the connector under overload) makes messages wait rather
 * than be dropped by the broker, and TCP_NODELAY is on so that Nagle's algorithm does not add
 * latency to acknowledgements.
 */
public final class MosquittoBroker implements MqttBroker {
  private final Process process;
  private final int port;
  private final String version;

  private MosquittoBroker(Process process, int port, String version) {
    this.process = process;
    this.port = port;
    this.version = version;
  }

  /** The generated configuration (kept in a method so that reports can show it). */
  static String config(int port) {
    return String.join(
        "\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence false",
        "max_queued_messages 0",
        "max_queued_bytes 0",
        "set_tcp_nodelay true",
        "log_dest stderr",
        "log_type error",
        "log_type warning",
        "");
  }

  /** Whether a {@code mosquitto} executable is on the PATH. */
  public static boolean installed() {
    return version() != null;
  }

  /** The first line of {@code mosquitto -h}, e.g. "mosquitto version 2.0.11", or null. */
  public static String version() {
    try {
      Process p = new ProcessBuilder("mosquitto", "-h").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      String first = out.lines().findFirst().orElse("").trim();
      return first.startsWith("mosquitto version") ? first : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Starts mosquitto in {@code workDir} and waits until it accepts connections. */
  public static MosquittoBroker start(Path workDir) throws IOException, InterruptedException {
    String version = version();
    if (version == null) {
      throw new IOException(
          "mosquitto is not installed (no 'mosquitto' on the PATH); install it or use"
              + " --mqtt-broker hivemq or --mqtt-host/--mqtt-port");
    }
    int port = FreePort.pick();
    Path conf = workDir.resolve("mosquitto.conf");
    Files.writeString(conf, config(port));
    Path log = workDir.resolve("mosquitto.log");
    Process p =
        new ProcessBuilder("mosquitto", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException(
            "mosquitto exited with code " + p.exitValue() + ": " + Files.readString(log));
      }
      if (accepts(port)) {
        return new MosquittoBroker(p, port, version);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    p.destroyForcibly();
    throw new IOException("mosquitto did not listen on 127.0.0.1:" + port + " within 15 s");
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The broker process's id (its CPU is not part of the connector's figures). */
  public long pid() {
    return process.pid();
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
    return version + " (started by the bench, pid " + process.pid() + ")";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
