/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.EffectiveConfig;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.InvalidConfigException;
import io.dsm.connector.config.LoadedConfig;
import io.dsm.connector.config.LoadedSinkConfig;
import io.dsm.connector.config.SinkSettings;
import io.dsm.runtime.ConnectorStartException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One connector as the shared command line ({@link ConnectorCommandLine}) sees it: its name and
 * texts, how its settings load, what {@code run} starts and what {@code check --connect} asks
 * Danube. The commands themselves ({@code run}, {@code check}, {@code print-config} and the top
 * command) are the same for every connector.
 *
 * @param <S> the connector's settings
 */
public interface ConnectorCli<S> {

  /** The program name: {@code --version}, usage hints and the first word of error lines. */
  String name();

  /** What {@code run} runs, in its help and log lines: {@code connector}, {@code sink}. */
  String noun();

  /** The top command's description in the help. */
  String[] description();

  /** The connector's own configuration flags, besides {@link ConfigFlag#SHARED}. */
  List<ConfigFlag> flags();

  /** The help line of {@code check --connect}. */
  String connectHelp();

  /** Loads the settings: defaults, file, environment, then {@code flags}. */
  Loaded<S> load(EnvSource env, Map<String, String> flags) throws InvalidConfigException;

  /** Connector name, MQTT, Danube and runtime settings. */
  ConnectorSettings common(S settings);

  /** One line per route, as {@code check} lists them. */
  List<String> routeLines(Loaded<S> config);

  /** What {@code print-config} prints: every setting with its value and source. */
  default String render(Loaded<S> config) {
    return config.effective().render();
  }

  /** The start log line after {@code starting <noun> <name> (<program> <version>): }. */
  String startSummary(S settings);

  /** A new connector, not yet started. */
  Handle create(S settings);

  /**
   * The Danube half of {@code check --connect}: the lines to print when Danube answered.
   *
   * @throws ConnectorStartException why not, of kind {@code CONFIGURATION} when a setting is wrong
   */
  List<String> checkDanube(S settings, Duration timeout) throws ConnectorStartException;

  /** Loaded settings, every value with its source, and the warnings to show. */
  record Loaded<S>(S settings, EffectiveConfig effective, List<String> warnings) {

    /** The source connector's configuration. */
    public static Loaded<ConnectorSettings> of(LoadedConfig config) {
      return new Loaded<>(config.settings(), config.effective(), config.warnings());
    }

    /** The sink connector's configuration. */
    public static Loaded<SinkSettings> of(LoadedSinkConfig config) {
      return new Loaded<>(config.settings(), config.effective(), config.warnings());
    }
  }

  /** A connector as {@code run} drives it: start, wait for its end or a stop request, close. */
  interface Handle {
    void start() throws ConnectorStartException;

    /** Completes when the connector stopped; exceptionally when it failed. */
    CompletableFuture<Void> terminated();

    /** Drains and closes; idempotent. */
    void close();

    /** A handle of these three methods of a connector. */
    static Handle of(Start start, Supplier<CompletableFuture<Void>> terminated, Runnable close) {
      return new Handle() {
        @Override
        public void start() throws ConnectorStartException {
          start.start();
        }

        @Override
        public CompletableFuture<Void> terminated() {
          return terminated.get();
        }

        @Override
        public void close() {
          close.run();
        }
      };
    }
  }

  /** A connector's {@code start()}. */
  @FunctionalInterface
  interface Start {
    void start() throws ConnectorStartException;
  }
}
