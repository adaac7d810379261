/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import io.dsm.connector.config.EnvSource;
import java.io.PrintStream;
import java.util.Map;

/**
 * What every command needs from outside: environment, output streams, the shutdown signal. Commands
 * never read {@code System.getenv()} or {@code System.out} directly, so tests can run them through
 * the application's {@code Main.run}.
 */
public class CommandContext {
  public final EnvSource env;
  public final PrintStream out;
  public final PrintStream err;
  public final ShutdownSignal shutdown;

  public CommandContext(
      Map<String, String> env, PrintStream out, PrintStream err, ShutdownSignal shutdown) {
    this.env = EnvSource.of(env);
    this.out = out;
    this.err = err;
    this.shutdown = shutdown;
  }
}
