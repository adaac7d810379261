/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The client's own network thread, {@code danube-io}: one Netty event loop that every channel of
 * the client is registered with (epoll where available, as grpc's default, else NIO).
 *
 * <p>grpc's default would put each channel on a loop of a JVM-wide shared group, which no caller
 * can reach. Owning the loop lets the client offer it as an executor ({@link
 * io.dsm.danube.client.DanubeClient#ioExecutor()}): work that starts a send from there writes
 * without waking another thread, and answers (with direct callbacks) come back on the same thread.
 * One thread serves every broker connection of the client; the connector's whole send path measured
 * well under one core at its maximum rate.
 */
final class IoEventLoop implements AutoCloseable {
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final Class<? extends Channel> channelType;

  IoEventLoop() {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory handler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    this.group =
        new MultiThreadIoEventLoopGroup(
            1,
            r -> {
              // Netty's own thread type keeps its thread-locals on the fast path.
              Thread t = new FastThreadLocalThread(r, "danube-io");
              t.setDaemon(true);
              return t;
            },
            handler);
    this.loop = group.next();
  }

  EventLoopGroup group() {
    return group;
  }

  Class<? extends Channel> channelType() {
    return channelType;
  }

  /** Runs tasks one at a time, in submission order, on {@code danube-io}. */
  Executor executor() {
    return loop;
  }

  /** Whether the caller runs on {@code danube-io}. */
  boolean inLoop() {
    return loop.inEventLoop();
  }

  /**
   * Stops the thread once queued tasks ran; waits at most three seconds for it, unless called on
   * the thread itself (which cannot wait for its own end).
   */
  @Override
  public void close() {
    var terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    if (!loop.inEventLoop()) {
      terminated.awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }
}
