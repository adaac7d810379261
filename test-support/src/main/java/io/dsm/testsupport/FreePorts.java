/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback TCP ports for servers a test or the bench starts. Tests never bind fixed ports: a
 * port that happens to be busy on the machine would fail them for no reason of their own.
 */
public final class FreePorts {
  private FreePorts() {}

  /** A port on 127.0.0.1 that was free a moment ago (the kernel picked it). */
  public static int find() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free TCP port on 127.0.0.1", e);
    }
  }
}
