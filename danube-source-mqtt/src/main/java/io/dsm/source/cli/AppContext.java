/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.runtime.cli.CommandContext;
import io.dsm.runtime.cli.ShutdownSignal;
import java.io.PrintStream;
import java.util.Map;

/**
 * What every command of the application needs from outside (see {@link CommandContext}); the {@code
 * demo} command takes it too.
 */
public final class AppContext extends CommandContext {

  AppContext(Map<String, String> env, PrintStream out, PrintStream err, ShutdownSignal shutdown) {
    super(env, out, err, shutdown);
  }
}
