/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import io.dsm.runtime.cli.ConnectorCli.Loaded;
import picocli.CommandLine.Command;

/** {@code print-config}: every setting with its value and source; secrets as [hidden]. */
@Command(
    name = "print-config",
    mixinStandardHelpOptions = true,
    description = "Print the effective configuration with the source of each value.")
final class PrintConfigCommand<S> extends ConnectorCommand<S> {

  PrintConfigCommand(ConnectorCli<S> connector, CommandContext context) {
    super(connector, context);
  }

  @Override
  int run(Loaded<S> config) {
    printWarnings(config.warnings());
    context.out.print(connector.render(config));
    context.out.flush();
    return ExitCodes.OK;
  }
}
