/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code <prefix>-N} (or exactly {@code prefix} when numbered is false). */
final class NamedThreads implements ThreadFactory {
  private final String prefix;
  private final boolean numbered;
  private final AtomicInteger counter = new AtomicInteger();

  NamedThreads(String prefix, boolean numbered) {
    this.prefix = prefix;
    this.numbered = numbered;
  }

  @Override
  public Thread newThread(Runnable r) {
    String name = numbered ? prefix + "-" + counter.incrementAndGet() : prefix;
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
