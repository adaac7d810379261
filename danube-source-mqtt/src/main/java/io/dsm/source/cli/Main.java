/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.runtime.RuntimeDefaults;
import io.dsm.runtime.cli.ConnectorCommandLine;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.cli.ProcessShutdown;
import io.dsm.runtime.cli.ShutdownSignal;
import io.dsm.source.demo.DemoCommand;
import java.io.PrintStream;
import java.util.Map;

/**
 * Entry point. {@link #main} is the only place in the application that ends the JVM; everything
 * else returns an exit code from {@link #run}, which tests call with their own environment and
 * streams. Exit codes are in {@link ExitCodes}; the commands are {@link ConnectorCommandLine}'s and
 * the {@code demo}.
 */
public final class Main {
  static final String TRY_HELP = ConnectorCommandLine.tryHelp(SourceCli.NAME);

  private Main() {}

  public static void main(String[] args) {
    RuntimeDefaults.apply(); // first: the properties only count before Netty and RxJava load
    int code = run(args, System.getenv(), System.out, System.err, new ProcessShutdown(true));
    System.exit(code);
  }

  /**
   * Runs the command line and returns the exit code. A {@code run} command listens for SIGTERM and
   * SIGINT through a JVM shutdown hook.
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, new ProcessShutdown(false));
  }

  /** As {@link #run(String[], Map, PrintStream, PrintStream)}, with a given shutdown signal. */
  static int run(
      String[] args,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      ShutdownSignal shutdown) {
    AppContext context = new AppContext(env, out, err, shutdown);
    return ConnectorCommandLine.execute(new SourceCli(), context, args, new DemoCommand(context));
  }
}
