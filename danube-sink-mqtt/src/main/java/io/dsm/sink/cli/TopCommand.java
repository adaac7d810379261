/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import io.dsm.runtime.metrics.BuildInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** {@code danube-sink-mqtt}: without a command it runs the sink. */
@Command(
    name = "danube-sink-mqtt",
    mixinStandardHelpOptions = true,
    versionProvider = TopCommand.Version.class,
    description = {
      "MQTT sink connector for Danube: consumes Danube topics and publishes every message to an"
          + " MQTT broker, acknowledging Danube only after the broker acknowledged the PUBLISH.",
      "",
      "Configuration comes from environment variables (see the README), an optional TOML file"
          + " (--config or CONNECTOR_CONFIG_PATH) and the flags below."
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 runtime failure, 2 usage error, 69 MQTT broker or Danube unreachable"
          + " at start, 78 invalid configuration."
    })
final class TopCommand implements Callable<Integer> {
  private final RunCommand run;

  @Mixin SinkOptions options = new SinkOptions();

  TopCommand(RunCommand run) {
    this.run = run;
  }

  @Override
  public Integer call() {
    return run.execute(options.flags());
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo build = BuildInfo.current();
      return new String[] {
        "danube-sink-mqtt " + build.version(),
        "commit " + build.commit(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
