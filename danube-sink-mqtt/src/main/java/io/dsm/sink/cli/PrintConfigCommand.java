/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import io.dsm.connector.config.LoadedSinkConfig;
import io.dsm.runtime.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code print-config}: every sink setting with its value and source; secrets as [hidden]. */
@Command(
    name = "print-config",
    mixinStandardHelpOptions = true,
    description = "Print the effective configuration with the source of each value.")
final class PrintConfigCommand implements Callable<Integer> {
  private final SinkContext context;

  @ParentCommand TopCommand parent;
  @Mixin SinkOptions options = new SinkOptions();

  PrintConfigCommand(SinkContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LoadedSinkConfig config = context.loadOrReport(parent.options.merged(options));
    if (config == null) {
      return ExitCodes.INVALID_CONFIG;
    }
    config.warnings().forEach(w -> context.err.println("warning: " + w));
    context.out.print(config.effective().render());
    context.out.println("routes:");
    config.settings().routes().forEach(r -> context.out.println("  " + r.describe()));
    context.out.flush();
    return ExitCodes.OK;
  }
}
