/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.connector.config.Setting;
import io.dsm.connector.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The connector as a separate JVM (the shaded application jar), configured only through its
 * environment, with its GC log (and optionally a JFR recording) written next to its output.
 */
public final class ConnectorProcess implements AutoCloseable {
  /** The launcher's defaults (bin/danube-source-mqtt), so that the figures match what users run. */
  public static final List<String> DEFAULT_JAVA_OPTS =
      List.of(
          "-Xms96m",
          "-Xmx96m",
          "-XX:+UseSerialGC",
          "-XX:MaxMetaspaceSize=96m",
          "-Xss512k",
          "-XX:+IgnoreUnrecognizedVMOptions",
          "-XX:TrimNativeHeapInterval=5000");

  private final Process process;
  private final Path log;
  private final Path gcLog;

  private ConnectorProcess(Process process, Path log, Path gcLog) {
    this.process = process;
    this.log = log;
    this.gcLog = gcLog;
  }

  /**
   * Starts the connector and waits until it logged that it is running.
   *
   * @param env connector settings; every other connector setting inherited from the bench's own
   *     environment is removed so that the run is reproducible
   * @param jfr a JFR recording file, or null
   */
  public static ConnectorProcess start(
      Path jar, List<String> javaOpts, Map<String, String> env, Path workDir, String name, Path jfr)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException(
          "connector jar "
              + jar
              + " does not exist; build it with: mvn -B -q -DskipTests -pl danube-source-mqtt -am"
              + " package (or pass --connector-jar)");
    }
    Path log = workDir.resolve(name + ".log");
    Path gcLog = workDir.resolve(name + "-gc.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(javaOpts);
    cmd.add("-Xlog:gc:file=" + gcLog);
    if (jfr != null) {
      cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    cmd.add("-jar");
    cmd.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    for (Setting<?> s : Settings.ALL) {
      pb.environment().remove(s.env());
    }
    pb.environment().putAll(env);
    pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2"); // as bin/danube-source-mqtt does
    Process p = pb.start();
    ConnectorProcess cp = new ConnectorProcess(p, log, gcLog);
    String ready = "connector " + env.get("CONNECTOR_NAME") + " running";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException(
            "connector exited with code "
                + p.exitValue()
                + " during start; its output:\n"
                + cp.tail());
      }
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(ready)) {
        return cp;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    cp.close();
    throw new IOException(
        "connector did not log '" + ready + "' within 60 s; its output:\n" + cp.tail());
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path gcLog() {
    return gcLog;
  }

  public Path log() {
    return log;
  }

  /** The last lines of the connector's output, for error messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Stops the connector with SIGTERM (it drains), forcibly after 60 s; returns the exit code. */
  public int stop() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return -1;
    } catch (IllegalThreadStateException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }
}
