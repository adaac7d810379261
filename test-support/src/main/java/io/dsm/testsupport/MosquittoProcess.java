/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mosquitto} process on free loopback ports, configured by a {@link Builder}: one or
 * more listeners (plain, password, TLS), persistence, queue and in-flight limits, and its log
 * written to {@code mosquitto.log} in its directory (verbose on request, so that tests can read
 * what the broker received, e.g. "Received PUBACK from <client>").
 *
 * <p>{@link #restart()} keeps the ports, the configuration and the persistence directory; {@link
 * #pause()} and {@link #resume()} freeze and thaw the process (SIGSTOP/SIGCONT), a broker that
 * hangs with its sockets open.
 *
 * <p>When the binary is missing, {@link Builder#start()} skips the test (a JUnit assumption), or
 * fails it when the system property {@code interop.required} is {@code true} (CI). Callers without
 * JUnit (the bench) check {@link #installed()} first.
 */
public final class MosquittoProcess implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final long STOP_TIMEOUT_SECONDS = 10;

  private final Path binary;
  private final Path dir;
  private final Path conf;
  private final Path log;
  private final Path stdout;
  private final List<Listener> listeners;
  private final boolean verboseLog;
  private Process process;
  private boolean paused;

  /**
   * One listener: its port and its own settings (without the {@code listener} line). Every listener
   * carries its own authentication settings ({@code per_listener_settings true}).
   */
  public record Listener(int port, List<String> lines) {
    public Listener {
      lines = List.copyOf(lines);
    }

    /** Plain MQTT, anyone may connect. */
    public static Listener anonymous() {
      return new Listener(FreePorts.find(), List.of("allow_anonymous true"));
    }

    /** Plain MQTT for the users in a file written by {@link #passwordFile}. */
    public static Listener withPasswordFile(Path passwordFile) {
      return new Listener(
          FreePorts.find(), List.of("allow_anonymous false", "password_file " + passwordFile));
    }

    /**
     * MQTT over TLS with the given server certificate and key (PEM); {@code requireClientCert}
     * makes the broker demand a client certificate signed by {@code caFile}.
     */
    public static Listener tls(
        Path caFile, Path certFile, Path keyFile, boolean requireClientCert) {
      return new Listener(
          FreePorts.find(),
          List.of(
              "allow_anonymous true",
              "cafile " + caFile,
              "certfile " + certFile,
              "keyfile " + keyFile,
              "require_certificate " + requireClientCert));
    }
  }

  /** How to configure the broker; {@link #start()} launches it. */
  public static final class Builder {
    private Path dir;
    private final List<Listener> listeners = new ArrayList<>();
    private boolean persistence;
    private Integer maxQueuedMessages;
    private Long maxQueuedBytes;
    private Integer maxInflightMessages;
    private boolean verboseLog;
    private final List<String> extraLines = new ArrayList<>();

    private Builder() {}

    /** Where the configuration, log and persistence file go (default: a new temporary one). */
    public Builder dir(Path dir) {
      this.dir = dir;
      return this;
    }

    /** Adds a listener; without any, the broker has one {@link Listener#anonymous()}. */
    public Builder listener(Listener listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * Keeps sessions and queued messages in {@code mosquitto.db} across {@link #restart()}. It is
     * written when the broker stops cleanly; a {@link #kill()} loses what changed since.
     */
    public Builder persistence(boolean on) {
      this.persistence = on;
      return this;
    }

    /** Messages queued per client beyond the in-flight ones; 0 means no limit. */
    public Builder maxQueuedMessages(int n) {
      this.maxQueuedMessages = n;
      return this;
    }

    /** Bytes queued per client; 0 means no limit. */
    public Builder maxQueuedBytes(long n) {
      this.maxQueuedBytes = n;
      return this;
    }

    /** QoS 1 and 2 messages in flight per client at once. */
    public Builder maxInflightMessages(int n) {
      this.maxInflightMessages = n;
      return this;
    }

    /**
     * Logs every packet with its client id ({@code log_type all}); {@link #pubAcksFrom} needs it.
     */
    public Builder verboseLog() {
      this.verboseLog = true;
      return this;
    }

    /** Appends a raw configuration line, e.g. {@code set_tcp_nodelay true}. */
    public Builder config(String line) {
      extraLines.add(line);
      return this;
    }

    /** Writes the configuration, starts mosquitto and waits until every listener accepts. */
    public MosquittoProcess start() throws IOException {
      Path binary = ExternalTool.requireForTest("mosquitto");
      Path d = dir != null ? dir : Files.createTempDirectory("mosquitto-");
      List<Listener> ls = listeners.isEmpty() ? List.of(Listener.anonymous()) : listeners;
      MosquittoProcess m = new MosquittoProcess(binary, d, ls, verboseLog);
      Files.writeString(m.conf, configText(m), StandardCharsets.UTF_8);
      m.launch();
      return m;
    }

    private String configText(MosquittoProcess m) {
      List<String> lines = new ArrayList<>();
      // Must come before any security setting; each listener below states its own.
      lines.add("per_listener_settings true");
      // mosquitto started as root drops to user "mosquitto" unless told otherwise.
      lines.add("user " + System.getProperty("user.name"));
      lines.add("log_dest file " + m.log);
      lines.add("log_timestamp true");
      if (verboseLog) {
        lines.add("log_type all");
      } else {
        lines.addAll(
            List.of(
                "log_type error", "log_type warning", "log_type notice", "log_type information"));
      }
      lines.add("persistence " + persistence);
      if (persistence) {
        lines.add("persistence_location " + m.dir + File.separator);
        lines.add("autosave_interval 0"); // written on a clean stop, not on a timer
      }
      if (maxQueuedMessages != null) {
        lines.add("max_queued_messages " + maxQueuedMessages);
      }
      if (maxQueuedBytes != null) {
        lines.add("max_queued_bytes " + maxQueuedBytes);
      }
      if (maxInflightMessages != null) {
        lines.add("max_inflight_messages " + maxInflightMessages);
      }
      lines.addAll(extraLines);
      for (Listener l : m.listeners) {
        lines.add("listener " + l.port() + " " + HOST);
        lines.addAll(l.lines());
      }
      lines.add("");
      return String.join("\n", lines);
    }
  }

  private MosquittoProcess(Path binary, Path dir, List<Listener> listeners, boolean verboseLog) {
    this.binary = binary;
    this.dir = dir;
    this.conf = dir.resolve("mosquitto.conf");
    this.log = dir.resolve("mosquitto.log");
    this.stdout = dir.resolve("stdout.txt");
    this.listeners = List.copyOf(listeners);
    this.verboseLog = verboseLog;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A broker with one anonymous plain listener and mosquitto's defaults otherwise. */
  public static MosquittoProcess start() throws IOException {
    return builder().start();
  }

  /** Whether a {@code mosquitto} executable can be found. */
  public static boolean installed() {
    return ExternalTool.find("mosquitto").isPresent();
  }

  /** The first line of {@code mosquitto -h}, e.g. "mosquitto version 2.0.11". */
  public static Optional<String> version() {
    Optional<Path> binary = ExternalTool.find("mosquitto");
    if (binary.isEmpty()) {
      return Optional.empty();
    }
    try {
      Process p =
          new ProcessBuilder(binary.get().toString(), "-h").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      String first = out.lines().findFirst().orElse("").trim();
      return first.startsWith("mosquitto version") ? Optional.of(first) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Writes (or rewrites) {@code dir/passwd-<user>} holding one user, hashed by {@code
   * mosquitto_passwd}. A running broker reads the new password on {@link #restart()}.
   */
  public static Path passwordFile(Path dir, String user, String password)
      throws IOException, InterruptedException {
    Path tool = ExternalTool.requireForTest("mosquitto_passwd");
    Path file = dir.resolve("passwd-" + user);
    Path out = dir.resolve("passwd.log");
    Files.deleteIfExists(file);
    Process p =
        new ProcessBuilder(tool.toString(), "-b", "-c", file.toString(), user, password)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("mosquitto_passwd failed: " + Files.readString(out));
    }
    return file;
  }

  private void launch() throws IOException {
    paused = false;
    process =
        new ProcessBuilder(binary.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
            .start();
    try {
      await()
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "mosquitto exited with "
                          + process.exitValue()
                          + ": "
                          + Files.readString(stdout)
                          + log());
                }
                return listeners.stream().allMatch(l -> accepts(l.port()));
              });
    } catch (RuntimeException | Error e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops the broker with SIGTERM (it writes its persistence file) and waits for it to exit,
   * SIGKILL after 10 s. Does nothing when it is not running.
   */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      resume(); // a frozen process would not act on SIGTERM
      process.destroy();
      if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  /** Ends the broker with SIGKILL, as a crash would, and waits for it to be gone. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /**
   * Stops the broker if it runs and starts it again on the same ports with the same configuration
   * and persistence directory (re-reading password and certificate files).
   */
  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  /** Freezes the broker (SIGSTOP): connections stay open, nothing is read or answered. */
  public void pause() {
    Signal.STOP.sendTo(process.pid());
    paused = true;
  }

  /** Thaws a broker frozen by {@link #pause()} (SIGCONT). */
  public void resume() {
    if (paused && process.isAlive()) {
      Signal.CONT.sendTo(process.pid());
    }
    paused = false;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public String host() {
    return HOST;
  }

  /** The port of the first listener. */
  public int port() {
    return listeners.get(0).port();
  }

  public List<Listener> listeners() {
    return listeners;
  }

  /** The directory holding the configuration, the logs and the persistence file. */
  public Path dir() {
    return dir;
  }

  /** The broker's log lines so far. */
  public List<String> logLines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The broker's log so far, for failure messages. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "cannot read " + log + ": " + e;
    }
  }

  /** How many "Received PUBACK from {@code clientId}" lines the broker logged. */
  public long pubAcksFrom(String clientId) {
    if (!verboseLog) {
      throw new IllegalStateException(
          "counting PUBACKs needs MosquittoProcess.builder().verboseLog()");
    }
    String needle = "Received PUBACK from " + clientId + " ";
    return logLines().stream().filter(l -> l.contains(needle)).count();
  }

  /** Stops the broker (see {@link #stop()}). */
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
