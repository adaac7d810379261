/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The configuration flags of one command, as added to its picocli spec. */
final class ConfigFlags {
  private final List<OptionSpec> options;

  /** Adds one option per flag to {@code command}. */
  ConfigFlags(CommandSpec command, List<ConfigFlag> flags) {
    this.options = flags.stream().map(ConfigFlag::option).toList();
    options.forEach(command::addOption);
  }

  /** The flags given on the command line by name, as the configuration loader takes them. */
  Map<String, String> given() {
    Map<String, String> given = new LinkedHashMap<>();
    for (OptionSpec option : options) {
      String value = option.getValue();
      if (value != null) {
        given.put(option.longestName(), value);
      }
    }
    return given;
  }

  /** These flags with {@code inner}'s given flags on top (a subcommand's flags win). */
  Map<String, String> merged(ConfigFlags inner) {
    Map<String, String> flags = given();
    flags.putAll(inner.given());
    return flags;
  }
}
