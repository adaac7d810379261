/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink.cli;

import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.InvalidConfigException;
import io.dsm.connector.config.LoadedSinkConfig;
import io.dsm.runtime.cli.ShutdownSignal;
import java.io.PrintStream;
import java.util.Map;

/** Environment, streams and shutdown signal of one command line run. */
final class SinkContext {
  final EnvSource env;
  final PrintStream out;
  final PrintStream err;
  final ShutdownSignal shutdown;

  SinkContext(Map<String, String> env, PrintStream out, PrintStream err, ShutdownSignal shutdown) {
    this.env = EnvSource.of(env);
    this.out = out;
    this.err = err;
    this.shutdown = shutdown;
  }

  /** Loads the sink configuration; on problems prints them to stderr and returns null. */
  LoadedSinkConfig loadOrReport(Map<String, String> flags) {
    try {
      return ConfigLoader.loadSink(env, flags);
    } catch (InvalidConfigException e) {
      err.println(e.getMessage());
      return null;
    }
  }
}
