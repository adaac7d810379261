/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Tells the run command when the process is asked to stop, and hears when it is done. */
public interface ShutdownSignal {

  /**
   * Starts listening for a stop request.
   *
   * @param grace how long a stop request may wait for {@link #commandDone} before giving up
   * @return completes when a stop is requested; never completes exceptionally
   */
  CompletableFuture<Void> install(Duration grace);

  /** The run command has released everything and will return {@code exitCode}. */
  void commandDone(int exitCode);
}
