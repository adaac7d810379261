/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

/** Renders the {@link Settings} table as documentation. */
public final class SettingsDoc {
  private SettingsDoc() {}

  /**
   * A Markdown table with one row per setting: variable, TOML key, flag, default, description. The
   * README embeds it verbatim; a test keeps the two identical.
   */
  public static String markdownTable() {
    return markdownTable(Settings.ALL);
  }

  /** The same table for another connector's settings ({@link Settings#SINK}). */
  public static String markdownTable(java.util.List<Setting<?>> table) {
    StringBuilder out = new StringBuilder();
    out.append("| Variable | TOML key | Flag | Default | Description |\n");
    out.append("|----------|----------|------|---------|-------------|\n");
    for (Setting<?> setting : table) {
      out.append("| `")
          .append(setting.env())
          .append("` | ")
          .append(setting.toml() == null ? "-" : "`" + setting.toml() + "`")
          .append(" | ")
          .append(setting.flag() == null ? "-" : "`" + setting.flag() + "`")
          .append(" | ")
          .append(defaultText(setting))
          .append(" | ")
          .append(setting.doc().replace("|", "\\|"))
          .append(setting.secret() ? " (secret; never printed)" : "")
          .append(" |\n");
    }
    return out.toString();
  }

  private static String defaultText(Setting<?> setting) {
    if (setting.required()) {
      return "required";
    }
    if (setting == Settings.DANUBE_TOPICS) {
      return "required*";
    }
    if (setting.defaultText() == null) {
      return "-";
    }
    return setting.defaultText().contains("`")
        ? setting.defaultText()
        : "`" + setting.defaultText() + "`";
  }
}
