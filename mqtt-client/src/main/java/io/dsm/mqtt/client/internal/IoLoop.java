/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.TimeUnit;

/**
 * The client's one I/O thread: a Netty event loop, native epoll where available (fewer wake-ups and
 * copies than NIO), NIO otherwise.
 */
final class IoLoop {
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final Class<? extends Channel> channelType;

  IoLoop(String threadName) {
    java.util.concurrent.ThreadFactory threads =
        r -> {
          Thread t = new FastThreadLocalThread(r, threadName);
          t.setDaemon(true);
          return t;
        };
    if (Epoll.isAvailable()) {
      group = new EpollEventLoopGroup(1, threads);
      channelType = EpollSocketChannel.class;
    } else {
      group = new NioEventLoopGroup(1, threads);
      channelType = NioSocketChannel.class;
    }
    loop = group.next();
  }

  EventLoop loop() {
    return loop;
  }

  Class<? extends Channel> channelType() {
    return channelType;
  }

  /** Stops the thread after queued tasks; waits up to three seconds unless called on it. */
  void shutdown() {
    var done = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    if (!loop.inEventLoop()) {
      done.awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }
}
