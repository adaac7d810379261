/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and SIGINT through a JVM shutdown hook (thread {@code shutdown-hook}). The JVM ends as
 * soon as its hooks return, so the hook waits, up to the grace period, until the run command has
 * drained and closed the connector.
 *
 * <p>When the process was started by the application's {@code main}, the hook then ends the process
 * with the command's exit code: calling {@code System.exit} while the JVM is already shutting down
 * would block forever, and the signal's own status (143) would hide a clean drain.
 */
public final class ProcessShutdown implements ShutdownSignal {
  private final boolean haltWithExitCode;
  private final CompletableFuture<Void> requested = new CompletableFuture<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile int exitCode = ExitCodes.FAILURE;
  private boolean installed;

  /**
   * @param haltWithExitCode end the process with the command's exit code once it is done (only for
   *     the application's {@code main}; tests keep their JVM)
   */
  public ProcessShutdown(boolean haltWithExitCode) {
    this.haltWithExitCode = haltWithExitCode;
  }

  @Override
  public synchronized CompletableFuture<Void> install(Duration grace) {
    if (!installed) {
      installed = true;
      Thread hook = new Thread(() -> onShutdown(grace), "shutdown-hook");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    return requested;
  }

  private void onShutdown(Duration grace) {
    requested.complete(null);
    boolean finished;
    try {
      finished = done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (haltWithExitCode) {
      Runtime.getRuntime().halt(finished ? exitCode : ExitCodes.FAILURE);
    }
  }

  @Override
  public void commandDone(int code) {
    exitCode = code;
    done.countDown();
  }
}
