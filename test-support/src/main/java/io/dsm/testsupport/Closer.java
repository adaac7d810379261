/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened, closed last-opened first: connectors before the publishers and brokers they
 * use, so nothing is torn down under a component that still talks to it. One failing close does not
 * keep the others open; the first failure is thrown with the later ones suppressed.
 */
public final class Closer implements AutoCloseable {
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Registers {@code c} and returns it. */
  public synchronized <T extends AutoCloseable> T add(T c) {
    opened.add(c);
    return c;
  }

  /** Closes everything registered, newest first, and forgets it. */
  public synchronized void closeAll() throws Exception {
    Exception failure = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() throws Exception {
    closeAll();
  }
}
