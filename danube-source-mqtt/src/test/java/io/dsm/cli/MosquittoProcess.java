/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.cli;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code mosquitto} process on a free loopback port with persistence switched on, so that a
 * persistent session's queued and in-flight QoS 1 messages are kept while the connector is away.
 *
 * <p>When the binary is missing the test is skipped, unless the system property {@code
 * interop.required} is {@code true} (CI), in which case it fails.
 */
final class MosquittoProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Process process;

  private MosquittoProcess(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts mosquitto with persistence; skips (or fails, when interop is required) if missing. */
  static MosquittoProcess start() throws IOException {
    String binary = findBinary();
    if (binary == null) {
      if (Boolean.parseBoolean(System.getProperty("interop.required", "false"))) {
        throw new AssertionError(
            "mosquitto not found on PATH or in /usr/sbin, and interop.required=true");
      }
      Assumptions.abort("mosquitto is not installed; interop test skipped");
    }
    Path dir = Files.createTempDirectory("mosquitto-crash-");
    int port = freePort();
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            "allow_anonymous true",
            // mosquitto started as root drops to user "mosquitto" unless told otherwise.
            "user " + System.getProperty("user.name"),
            "log_dest file " + dir.resolve("mosquitto.log"),
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "log_timestamp true",
            "max_inflight_messages 20",
            // The connector's session queues everything published while it is down.
            "max_queued_messages 100000",
            "persistence true",
            "persistence_location " + dir + File.separator,
            "autosave_interval 0",
            ""),
        StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder(binary, "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.txt").toFile()))
            .start();
    MosquittoProcess m = new MosquittoProcess(dir, port, process);
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new AssertionError(
                      "mosquitto exited with "
                          + process.exitValue()
                          + ": "
                          + Files.readString(dir.resolve("stdout.txt")));
                }
                return m.accepts();
              });
    } catch (RuntimeException | Error e) {
      m.close();
      throw e;
    }
    return m;
  }

  private static String findBinary() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "mosquitto"))) {
        return Path.of(d, "mosquitto").toString();
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  int port() {
    return port;
  }

  /** The broker's log so far, for failure messages. */
  String log() {
    try {
      Path log = dir.resolve("mosquitto.log");
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "cannot read mosquitto log: " + e;
    }
  }

  /** Stops the broker with SIGTERM and waits for it to exit. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
