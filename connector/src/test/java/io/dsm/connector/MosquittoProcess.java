/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code mosquitto} process on a free loopback port, with verbose logging to a file (so
 * tests can read what the broker received, e.g. "Received PUBACK from <client>") and optional
 * persistence. {@link #restart()} keeps the port and the persistence directory.
 *
 * <p>When the binary is missing the test is skipped, unless the system property {@code
 * interop.required} is {@code true} (CI), in which case it fails.
 */
final class MosquittoProcess implements AutoCloseable {
  private final Path dir;
  private final Path log;
  private final Path conf;
  private final int port;
  private Process process;

  private MosquittoProcess(Path dir, int port, boolean persistence, List<String> extraConf)
      throws IOException {
    this.dir = dir;
    this.port = port;
    this.log = dir.resolve("mosquitto.log");
    this.conf = dir.resolve("mosquitto.conf");
    String user = System.getProperty("user.name");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            "allow_anonymous true",
            // mosquitto started as root drops to user "mosquitto" unless told otherwise.
            "user " + user,
            "log_dest file " + log,
            "log_type all",
            "log_timestamp true",
            "max_inflight_messages 20",
            "max_queued_messages 10000",
            "persistence " + persistence,
            "persistence_location " + dir + File.separator,
            "autosave_interval 0",
            String.join("\n", extraConf),
            ""),
        StandardCharsets.UTF_8);
  }

  /** Starts mosquitto; skips (or fails, when interop is required) if it is not installed. */
  static MosquittoProcess start(boolean persistence) throws IOException {
    return start(persistence, List.of());
  }

  /**
   * Starts mosquitto with extra configuration lines appended (e.g. a second, TLS listener). Skips
   * or fails like {@link #start(boolean)}.
   */
  static MosquittoProcess start(boolean persistence, List<String> extraConf) throws IOException {
    requireTool(findBinary(), "mosquitto");
    MosquittoProcess m =
        new MosquittoProcess(
            Files.createTempDirectory("mosquitto-"), FreePorts.find(), persistence, extraConf);
    m.launch();
    return m;
  }

  /** Aborts (skips) the test when the tool is missing, or fails it when interop is required. */
  static void requireTool(String path, String name) {
    if (path != null) {
      return;
    }
    if (Boolean.parseBoolean(System.getProperty("interop.required", "false"))) {
      throw new AssertionError(
          name + " not found on PATH or in /usr/sbin, and interop.required=true");
    }
    Assumptions.abort(name + " is not installed; interop test skipped");
  }

  private static String findBinary() {
    return findTool("mosquitto");
  }

  /** The absolute path of an executable on PATH (or in /usr/sbin), or null. */
  static String findTool(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
        return Path.of(d, name).toString();
      }
    }
    return null;
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(findBinary(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.txt").toFile()))
            .start();
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
              return accepts();
            });
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the broker with SIGTERM (it saves its persistence file) and waits for it to exit. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Stops and starts again on the same port with the same persistence directory. */
  void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  int port() {
    return port;
  }

  String host() {
    return "127.0.0.1";
  }

  /** The broker's log lines so far. */
  List<String> logLines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many "Received PUBACK from {@code clientId}" lines the broker logged. */
  long pubAcksFrom(String clientId) {
    String needle = "Received PUBACK from " + clientId + " ";
    return logLines().stream().filter(l -> l.contains(needle)).count();
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
