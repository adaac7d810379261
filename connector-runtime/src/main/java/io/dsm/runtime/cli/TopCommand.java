/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The program itself: without a command it runs the connector. Its name, description and version
 * are the connector's, set by {@link ConnectorCommandLine}.
 */
@Command(
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Exit codes: 0 ok, 1 runtime failure, 2 usage error, 69 MQTT broker or Danube unreachable"
          + " at start, 78 invalid configuration."
    })
final class TopCommand implements Callable<Integer> {
  private final RunCommand<?> run;
  private ConfigFlags flags;

  TopCommand(RunCommand<?> run) {
    this.run = run;
  }

  void flags(ConfigFlags flags) {
    this.flags = flags;
  }

  ConfigFlags flags() {
    return flags;
  }

  @Override
  public Integer call() {
    return run.callWith(flags.given());
  }
}
