/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@link Main#run} in-process with captured output. The writers are thread-safe, so a test may
 * read {@link #err()} while the command is still running on another thread.
 */
final class CliRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private volatile Integer exitCode;

  static CliRun of(String... args) {
    CliRun run = new CliRun();
    run.execute(args);
    return run;
  }

  void execute(String... args) {
    exitCode = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  Integer exitCode() {
    return exitCode;
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  List<String> outLines() {
    return Arrays.stream(out().split("\\R")).filter(line -> !line.isBlank()).toList();
  }

  @Override
  public String toString() {
    return "exit=" + exitCode + "\n--- stdout\n" + out() + "--- stderr\n" + err();
  }
}
