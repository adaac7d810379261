/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.cli;

import io.dsm.connector.config.EffectiveConfig;
import io.dsm.connector.config.LoadedConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code check}: validates the configuration without connecting and lists the routes. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate the configuration and list the routes; connects to nothing.")
final class CheckCommand implements Callable<Integer> {
  private final AppContext context;

  @ParentCommand TopCommand parent;
  @Mixin ConfigOptions options = new ConfigOptions();

  CheckCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LoadedConfig config = context.loadOrReport(parent.options.merged(options));
    if (config == null) {
      return ExitCodes.INVALID_CONFIG;
    }
    printWarnings(context, config.warnings());
    List<EffectiveConfig.RouteLine> routes = config.effective().routes();
    context.out.println(
        "configuration OK: " + routes.size() + (routes.size() == 1 ? " route" : " routes"));
    for (EffectiveConfig.RouteLine route : routes) {
      context.out.println("  " + route.describe());
    }
    return ExitCodes.OK;
  }

  static void printWarnings(AppContext context, List<String> warnings) {
    for (String warning : warnings) {
      context.err.println("warning: " + warning);
    }
  }
}
