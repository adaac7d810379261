/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.runtime.metrics.BuildInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** {@code danube-source-mqtt}: without a command it runs the connector. */
@Command(
    name = "danube-source-mqtt",
    mixinStandardHelpOptions = true,
    versionProvider = TopCommand.Version.class,
    description = {
      "MQTT source connector for Danube: subscribes to MQTT topic filters and publishes every"
          + " message to Danube, acknowledging MQTT only after Danube stored it.",
      "",
      "Configuration comes from environment variables (see the README), an optional TOML file"
          + " (--config or CONNECTOR_CONFIG_PATH) and the flags below; flags win over the"
          + " environment, which wins over the file."
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 runtime failure, 2 usage error, 69 MQTT broker or Danube unreachable"
          + " at start, 78 invalid configuration."
    })
final class TopCommand implements Callable<Integer> {
  private final RunCommand run;

  @Mixin ConfigOptions options = new ConfigOptions();

  TopCommand(RunCommand run) {
    this.run = run;
  }

  @Override
  public Integer call() {
    return run.execute(options.flags());
  }

  /** The project version and the git commit it was built from ({@link BuildInfo}). */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo build = BuildInfo.current();
      return new String[] {
        "danube-source-mqtt " + build.version(),
        "commit " + build.commit(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
