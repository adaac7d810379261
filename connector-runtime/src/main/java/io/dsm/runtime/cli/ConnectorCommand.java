/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import io.dsm.connector.config.InvalidConfigException;
import io.dsm.runtime.cli.ConnectorCli.Loaded;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A subcommand that loads the connector's configuration from the environment and the flags given to
 * it and to the top command.
 */
abstract class ConnectorCommand<S> implements Callable<Integer> {
  final ConnectorCli<S> connector;
  final CommandContext context;
  private ConfigFlags topFlags;
  private ConfigFlags flags;

  ConnectorCommand(ConnectorCli<S> connector, CommandContext context) {
    this.connector = connector;
    this.context = context;
  }

  /**
   * Called by {@link ConnectorCommandLine} once this command's picocli spec exists: adds the
   * configuration flags and the connector's texts.
   */
  void init(CommandSpec spec, ConfigFlags topFlags, List<ConfigFlag> configFlags) {
    this.topFlags = topFlags;
    this.flags = new ConfigFlags(spec, configFlags);
    customize(spec);
  }

  /** Adds what of this command's help or options is the connector's own. */
  void customize(CommandSpec spec) {}

  @Override
  public final Integer call() {
    return callWith(topFlags.merged(flags));
  }

  /**
   * Loads the configuration with these flags and runs the command; on configuration problems prints
   * them to stderr and returns {@link ExitCodes#INVALID_CONFIG}.
   */
  final int callWith(Map<String, String> givenFlags) {
    Loaded<S> config;
    try {
      config = connector.load(context.env, givenFlags);
    } catch (InvalidConfigException e) {
      context.err.println(connector.name() + ": " + e.getMessage());
      return ExitCodes.INVALID_CONFIG;
    }
    return run(config);
  }

  /** Runs the command with a valid configuration; returns the exit code. */
  abstract int run(Loaded<S> config);

  void printWarnings(List<String> warnings) {
    warnings.forEach(w -> context.err.println("warning: " + w));
  }
}
