/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code mosquitto} process with several listeners, each with its own TLS and authentication
 * settings ({@code per_listener_settings true}), for the security tests. Skips the test when
 * mosquitto is missing, unless {@code interop.required=true}.
 */
final class SecureMosquitto implements AutoCloseable {
  private final Path dir;
  private final Path conf;
  private final Path log;
  private final List<Listener> listeners;
  private Process process;

  /** One listener's port and configuration lines (without the {@code listener} line). */
  record Listener(int port, List<String> lines) {
    static Listener plain(boolean anonymous, Path passwordFile) {
      List<String> lines = new ArrayList<>();
      lines.add("allow_anonymous " + anonymous);
      if (passwordFile != null) {
        lines.add("password_file " + passwordFile);
      }
      return new Listener(FreePorts.find(), lines);
    }

    static Listener tls(Path serverCa, Path serverCert, Path serverKey, boolean requireClientCert) {
      return new Listener(
          FreePorts.find(),
          List.of(
              "allow_anonymous true",
              "cafile " + serverCa,
              "certfile " + serverCert,
              "keyfile " + serverKey,
              "require_certificate " + requireClientCert));
    }
  }

  private SecureMosquitto(Path dir, List<Listener> listeners) {
    this.dir = dir;
    this.conf = dir.resolve("mosquitto.conf");
    this.log = dir.resolve("mosquitto.log");
    this.listeners = List.copyOf(listeners);
  }

  static SecureMosquitto start(Path dir, Listener... listeners) throws IOException {
    MosquittoProcess.requireTool(MosquittoProcess.findTool("mosquitto"), "mosquitto");
    SecureMosquitto m = new SecureMosquitto(dir, List.of(listeners));
    m.writeConfig();
    m.launch();
    return m;
  }

  /** Writes a mosquitto password file with one user (hashed by {@code mosquitto_passwd}). */
  static Path passwordFile(Path dir, String user, String password)
      throws IOException, InterruptedException {
    String tool = MosquittoProcess.findTool("mosquitto_passwd");
    MosquittoProcess.requireTool(tool, "mosquitto_passwd");
    Path file = dir.resolve("passwd-" + user);
    Files.deleteIfExists(file);
    Process p =
        new ProcessBuilder(tool, "-b", "-c", file.toString(), user, password)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("passwd.log").toFile())
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "mosquitto_passwd failed: " + Files.readString(dir.resolve("passwd.log")));
    }
    return file;
  }

  private void writeConfig() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("per_listener_settings true");
    // mosquitto started as root drops to user "mosquitto" unless told otherwise.
    lines.add("user " + System.getProperty("user.name"));
    lines.add("log_dest file " + log);
    lines.add("log_type all");
    lines.add("persistence false");
    for (Listener l : listeners) {
      lines.add("listener " + l.port() + " 127.0.0.1");
      lines.addAll(l.lines());
    }
    lines.add("");
    Files.writeString(conf, String.join("\n", lines), StandardCharsets.UTF_8);
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(MosquittoProcess.findTool("mosquitto"), "-c", conf.toString())
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
              return listeners.stream().allMatch(l -> accepts(l.port()));
            });
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops with SIGTERM and starts again with the same configuration (re-reading its files). */
  void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  List<String> logLines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
