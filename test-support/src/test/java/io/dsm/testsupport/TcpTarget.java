/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server behind the proxy in its tests: echoes every byte back, counts what it received and how
 * many connections ended, and can push bytes to every open connection unasked.
 */
final class TcpTarget implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicInteger ended = new AtomicInteger();
  private final Thread acceptor;

  TcpTarget() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptAll, "tcp-target-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  long received() {
    return received.get();
  }

  int openConnections() {
    return open.size();
  }

  /** Connections that ended (EOF or reset) on the target's side. */
  int endedConnections() {
    return ended.get();
  }

  /** Writes {@code bytes} to every open connection. */
  void push(byte[] bytes) throws IOException {
    for (Socket s : open) {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
    }
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread t = new Thread(() -> echo(s), "tcp-target-echo");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void echo(Socket s) {
    byte[] buf = new byte[64 * 1024];
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        received.addAndGet(n);
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // A reset ends the connection as EOF does.
    } finally {
      open.remove(s);
      ended.incrementAndGet();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
