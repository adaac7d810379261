/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Java program in a child JVM (a main class on this JVM's class path, or a jar), so that a test
 * can really signal it: SIGTERM to drain, SIGKILL to crash, SIGSTOP/SIGCONT to hang. Its stdout and
 * stderr go to files (no pipe to drain, nothing lost when the test stops reading), which {@link
 * #awaitLine} and {@link #output()} read.
 */
public final class JvmProcess implements AutoCloseable {
  private static final long CLOSE_GRACE_SECONDS = 30;

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private volatile boolean frozen;

  private JvmProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Runs {@code mainClass} on this JVM's class path. */
  public static Builder mainClass(Class<?> mainClass) {
    return new Builder(mainClass.getSimpleName(), List.of("-cp", classPath(), mainClass.getName()));
  }

  /** Runs the executable jar {@code jar} ({@code java -jar}). */
  public static Builder jar(Path jar) {
    return new Builder(jar.getFileName().toString(), List.of("-jar", jar.toString()));
  }

  private static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** How to launch the JVM; {@link #start()} launches it. */
  public static final class Builder {
    private final List<String> target;
    private String name;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final Set<String> removedEnv = new HashSet<>();
    private Path outputDir;
    private boolean mergeStderr;

    private Builder(String name, List<String> target) {
      this.name = name;
      this.target = target;
    }

    /** A label for file names and failure messages (default: the class or jar name). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Options for the JVM, before the class or jar, e.g. {@code -Xmx128m}. */
    public Builder jvmOptions(Collection<String> options) {
      jvmOptions.addAll(options);
      return this;
    }

    public Builder jvmOptions(String... options) {
      return jvmOptions(List.of(options));
    }

    /** Arguments for the program. */
    public Builder args(String... arguments) {
      args.addAll(List.of(arguments));
      return this;
    }

    /** Sets environment variables on top of this process's environment. */
    public Builder env(Map<String, String> variables) {
      env.putAll(variables);
      removedEnv.removeAll(variables.keySet());
      return this;
    }

    public Builder env(String name, String value) {
      return env(Map.of(name, value));
    }

    /** Removes inherited environment variables, e.g. every connector setting of the caller. */
    public Builder withoutEnv(Collection<String> names) {
      for (String n : names) {
        if (!env.containsKey(n)) {
          removedEnv.add(n);
        }
      }
      return this;
    }

    /** Where {@code <name>.out} and {@code <name>.err} go (default: a new temporary directory). */
    public Builder outputDir(Path dir) {
      this.outputDir = dir;
      return this;
    }

    /** Sends stderr into the stdout file, interleaved as the program wrote them. */
    public Builder mergeStderr() {
      this.mergeStderr = true;
      return this;
    }

    public JvmProcess start() throws IOException {
      Path dir = outputDir != null ? outputDir : Files.createTempDirectory("jvm-" + name + "-");
      Path out = dir.resolve(name + ".out");
      Path err = mergeStderr ? out : dir.resolve(name + ".err");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(target);
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile());
      if (mergeStderr) {
        pb.redirectErrorStream(true);
      } else {
        pb.redirectError(err.toFile());
      }
      pb.environment().keySet().removeAll(removedEnv);
      pb.environment().putAll(env);
      return new JvmProcess(name, pb.start(), out, err);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends {@code signal} to the process. */
  public void signal(Signal signal) {
    signal.sendTo(process.pid());
    if (signal == Signal.STOP || signal == Signal.CONT) {
      frozen = signal == Signal.STOP;
    }
  }

  /**
   * Waits for the process to exit and returns its exit value (128 + n when signal n ended it).
   *
   * @throws IllegalStateException if it still runs after {@code timeout}
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          name + " still running after " + timeout + "; output:\n" + tail(40));
    }
    return process.exitValue();
  }

  /** SIGKILL, then the exit value (137). */
  public int kill() throws InterruptedException {
    signal(Signal.KILL);
    return awaitExit(Duration.ofSeconds(30));
  }

  /**
   * SIGTERM, then the exit value; SIGKILL when the process has not exited after {@code grace}.
   * Returns at once with the exit value when the process had already exited.
   */
  public int stop(Duration grace) throws InterruptedException {
    if (process.isAlive()) {
      if (frozen) {
        signal(Signal.CONT); // a frozen process would not act on SIGTERM
      }
      signal(Signal.TERM);
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        signal(Signal.KILL);
      }
    }
    return awaitExit(Duration.ofSeconds(30));
  }

  /**
   * Waits until a line of stdout or stderr contains {@code text} and returns that line.
   *
   * @throws IllegalStateException with the output, at once if the process exits first, or after
   *     {@code timeout}
   */
  public String awaitLine(String text, Duration timeout) {
    return awaitLine(line -> line.contains(text), "a line containing '" + text + "'", timeout);
  }

  /** Waits until a line of stdout or stderr matches {@code line}; see {@link #awaitLine}. */
  public String awaitLine(Predicate<String> line, String description, Duration timeout) {
    String[] found = new String[1];
    try {
      await()
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                Optional<String> hit = output().lines().filter(line).findFirst();
                if (hit.isPresent()) {
                  found[0] = hit.get();
                  return true;
                }
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      name
                          + " exited with "
                          + process.exitValue()
                          + " before printing "
                          + description
                          + ":\n"
                          + output());
                }
                return false;
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          name + " printed no " + description + " within " + timeout + "; output:\n" + tail(40), e);
    }
    return found[0];
  }

  /** Everything on stdout so far. */
  public String stdout() {
    return read(stdout);
  }

  /** Everything on stderr so far (empty when it is merged into stdout). */
  public String stderr() {
    return stderr.equals(stdout) ? "" : read(stderr);
  }

  /** Stdout followed by stderr. */
  public String output() {
    String err = stderr();
    return err.isEmpty() ? stdout() : stdout() + err;
  }

  /** The last {@code lines} lines of {@link #output()}, for failure messages. */
  public String tail(int lines) {
    List<String> all = output().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  public Path stdoutFile() {
    return stdout;
  }

  public Path stderrFile() {
    return stderr;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /** Stops a still running process with SIGTERM, SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(CLOSE_GRACE_SECONDS));
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
