/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point of {@code bin/danube-cli}. {@link #run} is what tests call; only {@link #main} ends
 * the process, because this module is a stand-alone tool.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI against the process's stdout and stderr and returns the exit code. */
  public static int run(String... args) {
    return run(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  /** Runs the CLI writing results to {@code out} and diagnostics to {@code err}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = DanubeCli.commandLine();
    commandLine.setOut(out);
    commandLine.setErr(err);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
