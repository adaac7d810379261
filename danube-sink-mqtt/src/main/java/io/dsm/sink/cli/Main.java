/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import io.dsm.runtime.RuntimeDefaults;
import io.dsm.runtime.cli.CommandContext;
import io.dsm.runtime.cli.ConnectorCommandLine;
import io.dsm.runtime.cli.ProcessShutdown;
import io.dsm.runtime.cli.ShutdownSignal;
import java.io.PrintStream;
import java.util.Map;

/**
 * Entry point of {@code danube-sink-mqtt}. {@link #main} is the only place that ends the JVM;
 * {@link #run} returns the exit code (0 ok, 1 failure, 2 usage, 69 unavailable, 78 configuration).
 * The commands are {@link ConnectorCommandLine}'s.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    RuntimeDefaults.apply();
    int code = run(args, System.getenv(), System.out, System.err, new ProcessShutdown(true));
    System.exit(code);
  }

  /** Runs the command line with this environment and these streams; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, new ProcessShutdown(false));
  }

  /** As above, with a given shutdown signal (tests). */
  public static int run(
      String[] args,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      ShutdownSignal shutdown) {
    return ConnectorCommandLine.execute(
        new SinkCli(), new CommandContext(env, out, err, shutdown), args);
  }
}
