/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened, closed last-opened first: connectors before the publishers and brokers they
 * use, so nothing is torn down under a component that still talks to it.
 */
final class Closer {
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Registers {@code c} and returns it. */
  <T extends AutoCloseable> T add(T c) {
    opened.add(c);
    return c;
  }

  /** Closes everything registered, newest first, and forgets it. */
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }
}
