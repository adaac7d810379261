/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.connector.config.LoadedConfig;
import io.dsm.runtime.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code print-config}: every setting with its value and source; secrets as [hidden]. */
@Command(
    name = "print-config",
    mixinStandardHelpOptions = true,
    description = "Print the effective configuration with the source of each value.")
final class PrintConfigCommand implements Callable<Integer> {
  private final AppContext context;

  @ParentCommand TopCommand parent;
  @Mixin ConfigOptions options = new ConfigOptions();

  PrintConfigCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LoadedConfig config = context.loadOrReport(parent.options.merged(options));
    if (config == null) {
      return ExitCodes.INVALID_CONFIG;
    }
    CheckCommand.printWarnings(context, config.warnings());
    context.out.print(config.effective().render());
    context.out.flush();
    return ExitCodes.OK;
  }
}
