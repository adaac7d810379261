/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import io.dsm.connector.config.Setting;
import io.dsm.connector.config.Settings;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command-line flag that overrides one setting ({@link Setting#flag()}, e.g. {@code
 * --mqtt-host}); every command of a connector takes all of them. Values stay strings: the
 * configuration loader validates them like any other source, so a bad flag value is reported with
 * all other configuration problems (exit 78).
 *
 * @param setting the setting it overrides; its flag is the option's name
 * @param paramLabel the value's name in the help
 * @param help the help line; {@code (overrides <ENV>)} is appended
 */
public record ConfigFlag(Setting<?> setting, String paramLabel, String help) {

  /** The flags of every connector. */
  public static final List<ConfigFlag> SHARED =
      List.of(
          new ConfigFlag(Settings.CONNECTOR_CONFIG_PATH, "FILE", "TOML configuration file"),
          new ConfigFlag(Settings.DANUBE_SERVICE_URL, "URL", "Danube broker URL"),
          new ConfigFlag(Settings.CONNECTOR_NAME, "NAME", "Connector name"),
          new ConfigFlag(Settings.MQTT_BROKER_HOST, "HOST", "MQTT broker host"),
          new ConfigFlag(Settings.MQTT_BROKER_PORT, "PORT", "MQTT broker port"),
          new ConfigFlag(Settings.MQTT_CLIENT_ID, "ID", "MQTT client identifier"),
          new ConfigFlag(Settings.LOG_LEVEL, "LEVEL", "trace, debug, info, warn, error or off"));

  public ConfigFlag {
    if (setting.flag() == null) {
      throw new IllegalArgumentException(setting.env() + " has no command-line flag");
    }
  }

  /** A new picocli option for this flag (one per command that takes it). */
  OptionSpec option() {
    return OptionSpec.builder(setting.flag())
        .paramLabel(paramLabel)
        .type(String.class)
        .description(help + " (overrides " + setting.env() + ")")
        .build();
  }
}
