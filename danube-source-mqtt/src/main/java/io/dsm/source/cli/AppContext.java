/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.InvalidConfigException;
import io.dsm.connector.config.LoadedConfig;
import io.dsm.runtime.cli.ShutdownSignal;
import java.io.PrintStream;
import java.util.Map;

/**
 * What every command needs from outside: environment, output streams, the shutdown signal. Commands
 * never read {@code System.getenv()} or {@code System.out} directly, so tests can run them through
 * {@link Main#run}.
 */
public final class AppContext {
  public final EnvSource env;
  public final PrintStream out;
  public final PrintStream err;
  public final ShutdownSignal shutdown;

  AppContext(Map<String, String> env, PrintStream out, PrintStream err, ShutdownSignal shutdown) {
    this.env = EnvSource.of(env);
    this.out = out;
    this.err = err;
    this.shutdown = shutdown;
  }

  /** Loads the configuration; on problems prints them to stderr and returns null. */
  public LoadedConfig loadOrReport(Map<String, String> flags) {
    try {
      return ConfigLoader.load(env, flags);
    } catch (InvalidConfigException e) {
      err.println(e.getMessage());
      return null;
    }
  }
}
