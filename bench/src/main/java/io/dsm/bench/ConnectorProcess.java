/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import io.dsm.connector.config.Setting;
import io.dsm.connector.config.Settings;
import io.dsm.testsupport.JvmProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector as a separate JVM (the shaded application jar), configured only through its
 * environment, with its GC log (and optionally a JFR recording) written next to its output.
 *
 * @param process the running JVM
 * @param gcLog where its GC log goes
 */
public record ConnectorProcess(JvmProcess process, Path gcLog) implements AutoCloseable {
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

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);
  private static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";

  /**
   * Starts the connector and waits until it logged that it is running.
   *
   * @param env connector settings; every other connector setting inherited from the bench's own
   *     environment is removed so that the run is reproducible
   * @param jfr a JFR recording file, or null
   */
  public static ConnectorProcess start(
      Path jar, List<String> javaOpts, Map<String, String> env, Path workDir, String name, Path jfr)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException(
          "connector jar "
              + jar
              + " does not exist; build it with: mvn -B -q -DskipTests -pl danube-source-mqtt -am"
              + " package (or pass --connector-jar)");
    }
    Path gcLog = workDir.resolve(name + "-gc.log");
    List<String> options = new ArrayList<>(javaOpts);
    options.add("-Xlog:gc:file=" + gcLog);
    if (jfr != null) {
      options.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    Map<String, String> environment = new HashMap<>(env);
    if (System.getenv(MALLOC_ARENA_MAX) == null) {
      environment.putIfAbsent(MALLOC_ARENA_MAX, "2"); // as bin/danube-source-mqtt does
    }
    JvmProcess process =
        JvmProcess.jar(jar)
            .name(name)
            .jvmOptions(options)
            .withoutEnv(Settings.ALL.stream().map(Setting::env).toList())
            .env(environment)
            .outputDir(workDir)
            .mergeStderr()
            .start();
    ConnectorProcess cp = new ConnectorProcess(process, gcLog);
    try {
      process.awaitLine("connector " + env.get("CONNECTOR_NAME") + " running", READY_TIMEOUT);
    } catch (IllegalStateException e) {
      cp.close();
      throw new IOException("connector did not start: " + e.getMessage(), e);
    }
    return cp;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the connector's output, for error messages. */
  public String tail() {
    return process.tail(30);
  }

  /** Stops the connector with SIGTERM (it drains), forcibly after 60 s; returns the exit code. */
  public int stop() {
    try {
      return process.stop(STOP_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
