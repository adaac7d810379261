/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The connector ({@code io.dsm.cli.Main run}) in a child JVM on the test classpath, so that a test
 * can really SIGKILL it. Its stdout and stderr are collected for assertions and failure messages.
 */
final class ConnectorProcess implements AutoCloseable {
  private final String label;
  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final Thread reader;

  private ConnectorProcess(String label, Process process) {
    this.label = label;
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(line -> output.append(line).append('\n'));
              } catch (IOException e) {
                output.append("[test] reading the output failed: ").append(e).append('\n');
              }
            },
            "connector-output-" + label);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code Main} (default command: run) with exactly these extra environment variables. */
  static ConnectorProcess start(String label, Map<String, String> env) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    return new ConnectorProcess(label, builder.start());
  }

  /** Waits until the output contains {@code text}; fails early if the process exits first. */
  void awaitOutput(String text, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (output.indexOf(text) >= 0) {
                return true;
              }
              if (!process.isAlive()) {
                throw new AssertionError(
                    label
                        + " exited with "
                        + process.exitValue()
                        + " before printing '"
                        + text
                        + "':\n"
                        + output);
              }
              return false;
            });
  }

  /**
   * Kills the process with SIGKILL ({@link Process#destroyForcibly()} on Linux), waits for it to
   * die and returns its exit value (128 + 9 when the signal killed it).
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(label + " still alive 30 s after SIGKILL");
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() {
    return output.toString();
  }

  /** Stops a still running process with SIGTERM (SIGKILL if it does not exit in time). */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      // SIGTERM through the handle: Process.destroy() would also close our end of the pipe.
      process.toHandle().destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
  }
}
