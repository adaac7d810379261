/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import io.dsm.runtime.RuntimeDefaults;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.cli.ProcessShutdown;
import io.dsm.runtime.cli.ShutdownSignal;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of {@code danube-sink-mqtt}. {@link #main} is the only place that ends the JVM;
 * {@link #run} returns the exit code (0 ok, 1 failure, 2 usage, 69 unavailable, 78 configuration).
 */
public final class Main {
  static final String NAME = "danube-sink-mqtt";

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
    SinkContext context = new SinkContext(env, out, err, shutdown);
    RunCommand run = new RunCommand(context);
    CommandLine commandLine =
        new CommandLine(new TopCommand(run))
            .addSubcommand("run", run)
            .addSubcommand("check", new CheckCommand(context))
            .addSubcommand("print-config", new PrintConfigCommand(context));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setParameterExceptionHandler(
        (e, arguments) -> {
          err.println(NAME + ": " + e.getMessage());
          err.println("Try '" + NAME + " --help'");
          return ExitCodes.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          err.println(NAME + ": unexpected error: " + e);
          e.printStackTrace(err);
          return ExitCodes.FAILURE;
        });
    return commandLine.execute(args);
  }
}
