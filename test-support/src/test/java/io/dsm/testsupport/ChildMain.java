/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The program {@link JvmProcessIT} runs in a child JVM: prints its arguments and environment, says
 * it is ready, writes to stderr, then ticks every 20 ms until it is signalled. On SIGTERM it says
 * goodbye and exits with the code given as its first argument.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws InterruptedException {
    int exitCode = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("child: bye");
                  System.out.flush();
                  Runtime.getRuntime().halt(exitCode);
                }));
    System.out.println("child: args=" + String.join(",", args));
    System.out.println("child: CHILD_VALUE=" + System.getenv("CHILD_VALUE"));
    System.out.println("child: CHILD_REMOVED=" + System.getenv("CHILD_REMOVED"));
    System.err.println("child: on stderr");
    System.out.println("child: ready");
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(() -> System.out.println("tick"), 0, 20, TimeUnit.MILLISECONDS);
    forever.await();
  }
}
