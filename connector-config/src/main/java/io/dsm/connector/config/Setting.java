/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the {@link Settings} table: everything parsing, validation, documentation and
 * print-config need to know about a setting.
 *
 * @param env environment variable name (the contract)
 * @param toml dotted path in the TOML file, or {@code null} when the file cannot set it
 * @param flag command-line flag such as {@code --mqtt-host}, or {@code null}
 * @param type parser and validator
 * @param defaultValue value when no layer sets it, or {@code null} for none
 * @param defaultText the default as documented (may explain a computed default)
 * @param doc one-sentence description
 * @param secret never printed; shown as {@code [hidden]}
 * @param required must be set (see {@link Settings#MQTT_TOPICS} for the one conditional case)
 * @param tomlAliases other TOML paths that set the same value, such as the Rust connector's {@code
 *     mqtt.broker_host}; setting two of them is an error
 * @param <T> value type
 */
public record Setting<T>(
    String env,
    String toml,
    String flag,
    ValueType<T> type,
    T defaultValue,
    String defaultText,
    String doc,
    boolean secret,
    boolean required,
    List<String> tomlAliases) {

  public Setting {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(doc, "doc");
    tomlAliases = List.copyOf(tomlAliases);
  }

  /** A setting without default, flag or secrecy; refine with the {@code with*} methods. */
  public static <T> Setting<T> define(String env, String toml, ValueType<T> type, String doc) {
    return new Setting<>(env, toml, null, type, null, null, doc, false, false, List.of());
  }

  public Setting<T> withDefault(T value) {
    return new Setting<>(
        env, toml, flag, type, value, type.format(value), doc, secret, required, tomlAliases);
  }

  public Setting<T> withDefaultText(String text) {
    return new Setting<>(
        env, toml, flag, type, defaultValue, text, doc, secret, required, tomlAliases);
  }

  public Setting<T> withFlag(String name) {
    return new Setting<>(
        env, toml, name, type, defaultValue, defaultText, doc, secret, required, tomlAliases);
  }

  public Setting<T> asSecret() {
    return new Setting<>(
        env, toml, flag, type, defaultValue, defaultText, doc, true, required, tomlAliases);
  }

  public Setting<T> asRequired() {
    return new Setting<>(
        env, toml, flag, type, defaultValue, defaultText, doc, secret, true, tomlAliases);
  }

  /** Another TOML path for the same value (the Rust connector's spelling). */
  public Setting<T> withTomlAlias(String path) {
    List<String> aliases = new ArrayList<>(tomlAliases);
    aliases.add(path);
    return new Setting<>(
        env, toml, flag, type, defaultValue, defaultText, doc, secret, required, aliases);
  }

  /** The TOML paths that set this value: {@link #toml()} first, then the aliases. */
  public List<String> tomlPaths() {
    List<String> paths = new ArrayList<>();
    if (toml != null) {
      paths.add(toml);
    }
    paths.addAll(tomlAliases);
    return paths;
  }

  /** The name a user sees for a value from {@code source}: env name, TOML path or flag. */
  public String keyFor(ValueSource source) {
    switch (source.kind()) {
      case FILE:
        return toml == null ? env : toml;
      case FLAG:
        return flag == null ? env : flag;
      default:
        return env;
    }
  }

  @Override
  public String toString() {
    return env;
  }
}
