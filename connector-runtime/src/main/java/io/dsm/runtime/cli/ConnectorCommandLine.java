/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import io.dsm.runtime.metrics.BuildInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line of a connector: {@code run} (also the default), {@code check} and {@code
 * print-config}, each taking the shared and the connector's configuration flags, with the
 * connector's name and texts. The application's {@code Main} executes it and alone ends the JVM.
 */
public final class ConnectorCommandLine {
  private ConnectorCommandLine() {}

  /**
   * The command line of {@code connector}, writing to {@code context}'s streams.
   *
   * @param more further subcommands (annotated with their {@code @Command} name), listed last
   */
  public static <S> CommandLine create(
      ConnectorCli<S> connector, CommandContext context, Object... more) {
    RunCommand<S> run = new RunCommand<>(connector, context);
    TopCommand top = new TopCommand(run);
    List<ConfigFlag> flags = new ArrayList<>(ConfigFlag.SHARED);
    flags.addAll(connector.flags());

    CommandLine commandLine = new CommandLine(top);
    CommandSpec spec = commandLine.getCommandSpec();
    spec.name(connector.name());
    spec.usageMessage().description(connector.description());
    spec.versionProvider(() -> version(connector.name()));
    top.flags(new ConfigFlags(spec, flags));
    for (ConnectorCommand<S> command :
        List.of(
            run,
            new CheckCommand<>(connector, context),
            new PrintConfigCommand<>(connector, context))) {
      CommandLine sub = new CommandLine(command);
      command.init(sub.getCommandSpec(), top.flags(), flags);
      commandLine.addSubcommand(sub.getCommandName(), sub);
    }
    for (Object command : more) {
      commandLine.addSubcommand(command);
    }

    commandLine.setOut(new PrintWriter(context.out, true));
    commandLine.setErr(new PrintWriter(context.err, true));
    commandLine.setParameterExceptionHandler(
        (e, arguments) -> {
          context.err.println(connector.name() + ": " + e.getMessage());
          context.err.println(tryHelp(connector.name()));
          return ExitCodes.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          context.err.println(connector.name() + ": unexpected error: " + e);
          e.printStackTrace(context.err);
          return ExitCodes.FAILURE;
        });
    return commandLine;
  }

  /**
   * Executes {@code args} on {@link #create the command line} of {@code connector}; returns the
   * exit code. What an application's {@code Main.run} does.
   */
  public static <S> int execute(
      ConnectorCli<S> connector, CommandContext context, String[] args, Object... more) {
    return create(connector, context, more).execute(args);
  }

  /** The line after a usage error. */
  public static String tryHelp(String name) {
    return "Try '" + name + " --help'";
  }

  /** {@code --version}: the program, the git commit it was built from ({@link BuildInfo}), Java. */
  static String[] version(String name) {
    BuildInfo build = BuildInfo.current();
    return new String[] {
      name + " " + build.version(),
      "commit " + build.commit(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
