/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import io.dsm.danube.client.DanubeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code danube-cli} command; it only groups the sub-commands. */
@Command(
    name = "danube-cli",
    mixinStandardHelpOptions = true,
    versionProvider = DanubeCli.Version.class,
    description = "Produce to and consume from Danube topics; measure producer throughput.",
    subcommands = {ProduceCommand.class, ConsumeCommand.class, PerfCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:runtime error (broker unreachable, message rejected, I/O)",
      "2:usage error",
      "3:consume timed out before --count messages arrived"
    })
public final class DanubeCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: one of produce, consume, perf");
  }

  /** A command line wired with the exit codes and error reporting every sub-command shares. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new DanubeCli());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(DanubeCli::reportFailure);
    return commandLine;
  }

  /** Turns an exception escaping a command into one clear stderr line and exit code 1. */
  private static int reportFailure(
      Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    Throwable cause = unwrap(exception);
    commandLine
        .getErr()
        .println("danube-cli " + commandLine.getCommandName() + ": " + describe(cause));
    commandLine.getErr().flush();
    return ExitCodes.RUNTIME_ERROR;
  }

  /** The message of a failure with the gRPC status code when the client reported one. */
  static String describe(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof DanubeException danube) {
      return danube.getMessage() + " [" + danube.status() + "]";
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getName() : message;
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Reports the version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = DanubeCli.class.getPackage().getImplementationVersion();
      return new String[] {"danube-cli " + (version == null ? "development" : version)};
    }
  }
}
