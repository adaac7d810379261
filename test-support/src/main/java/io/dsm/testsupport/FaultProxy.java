/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A TCP proxy between a client and a server (an MQTT broker, a gRPC server) that injects network
 * faults on command, for the fault tests: it listens on a free loopback port and forwards every
 * connection to the target, byte for byte, so it carries any protocol (MQTT, HTTP/2, TLS).
 *
 * <p>What it does to the traffic is switched at run time and applies to open and new connections:
 *
 * <ul>
 *   <li>{@link #pass()}: forward at once;
 *   <li>{@link #delay(Duration, Duration)}: forward each chunk after a delay per direction, in
 *       order (a remote broker); throughput is bounded only by 8 MiB buffered per direction and
 *       connection;
 *   <li>{@link #blackHole()}: accept and read but forward nothing, in either direction; connections
 *       stay open and the peers' writes succeed (a partition only timeouts detect). A connection
 *       that lost data in the black hole is closed when it ends, since TCP never delivers a stream
 *       with a gap in it;
 * </ul>
 *
 * <p>and, for new connections only, {@link #refuse()} (stop listening: connects are refused, as to
 * a stopped server) or {@link #closeNew()} (accept, then close at once). {@link #cutAll()} resets
 * every open connection. Each call returns once the proxy acts on it.
 *
 * <p>One NIO selector thread does all the work. When the target cannot be reached, a new connection
 * is reset right after it was accepted.
 */
public final class FaultProxy implements AutoCloseable {
  private static final int READ_SIZE = 64 * 1024;
  private static final long MAX_QUEUED_BYTES = 8L * 1024 * 1024;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private final InetSocketAddress target;
  private final InetSocketAddress listenAddress;
  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_SIZE);
  private final Set<Link> links = new HashSet<>();
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final Thread loop;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong bytesToTarget = new AtomicLong();
  private final AtomicLong bytesToClient = new AtomicLong();
  private final AtomicLong bytesDiscarded = new AtomicLong();
  private volatile int open;
  private volatile boolean closed;
  private volatile Exception failure;

  // Owned by the loop thread.
  private ServerSocketChannel server;
  private boolean closeNew;
  private boolean blackHole;
  private long delayToTargetNanos;
  private long delayToClientNanos;

  private FaultProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.selector = Selector.open();
    this.server = listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.listenAddress = (InetSocketAddress) server.getLocalAddress();
    this.loop = new Thread(this::run, "fault-proxy-" + listenAddress.getPort());
    loop.setDaemon(true);
    loop.start();
  }

  /** Starts a proxy in {@link #pass()} mode to {@code host:port}. */
  public static FaultProxy start(String host, int port) throws IOException {
    return new FaultProxy(new InetSocketAddress(host, port));
  }

  public String host() {
    return listenAddress.getAddress().getHostAddress();
  }

  /** The proxy's own port, the same for its whole life (also after {@link #refuse()}). */
  public int port() {
    return listenAddress.getPort();
  }

  /** {@code host:port} of the proxy. */
  public String address() {
    return host() + ":" + port();
  }

  // ---- modes ----------------------------------------------------------------------------------

  /** Accepts new connections and forwards everything at once. */
  public void pass() {
    delay(Duration.ZERO, Duration.ZERO);
  }

  /** Accepts new connections and forwards every chunk {@code both} later, in each direction. */
  public void delay(Duration both) {
    delay(both, both);
  }

  /**
   * Accepts new connections and forwards every chunk later by {@code toTarget} from client to
   * target and by {@code toClient} back, keeping the order of each direction.
   */
  public void delay(Duration toTarget, Duration toClient) {
    run(
        () -> {
          endBlackHole();
          delayToTargetNanos = toTarget.toNanos();
          delayToClientNanos = toClient.toNanos();
          closeNew = false;
          ensureListening();
        });
  }

  /**
   * Accepts new connections but forwards nothing and reads (and drops) everything, in both
   * directions; what was queued for delayed delivery is dropped too.
   */
  public void blackHole() {
    run(
        () -> {
          blackHole = true;
          closeNew = false;
          ensureListening();
          for (Link l : links) {
            l.toTarget.drop(l);
            l.toClient.drop(l);
          }
        });
  }

  /**
   * Stops listening, so that new connects are refused (RST), as to a stopped server; open
   * connections carry on as before. {@link #pass()}, {@link #delay} or {@link #blackHole()} listen
   * again on the same port.
   */
  public void refuse() {
    run(
        () -> {
          if (server != null) {
            closeQuietly(server);
            server = null;
            flushClosedChannels();
          }
        });
  }

  /** Accepts new connections and closes each at once; open connections carry on as before. */
  public void closeNew() {
    run(
        () -> {
          ensureListening();
          closeNew = true;
        });
  }

  /** Resets every open connection on both sides (RST); returns how many there were. */
  public int cutAll() {
    return call(
        () -> {
          int n = links.size();
          for (Link l : new ArrayList<>(links)) {
            l.abort();
          }
          flushClosedChannels();
          return n;
        });
  }

  // ---- counters -------------------------------------------------------------------------------

  /** Connections open through the proxy now. */
  public int openConnections() {
    return open;
  }

  /** Connections accepted since the start (also those closed at once). */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** Bytes forwarded from clients to the target. */
  public long bytesToTarget() {
    return bytesToTarget.get();
  }

  /** Bytes forwarded from the target to clients. */
  public long bytesToClient() {
    return bytesToClient.get();
  }

  /** Bytes read and dropped by {@link #blackHole()}. */
  public long bytesDiscarded() {
    return bytesDiscarded.get();
  }

  /** Resets every connection and stops the proxy. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    selector.wakeup();
    try {
      loop.join(COMMAND_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy " + address() + " -> " + target.getHostString() + ":" + target.getPort();
  }

  // ---- the loop -------------------------------------------------------------------------------

  private void run(Runnable command) {
    call(
        () -> {
          command.run();
          return null;
        });
  }

  private <T> T call(Supplier<T> command) {
    if (failure != null) {
      throw new IllegalStateException(this + " failed", failure);
    }
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
    CompletableFuture<T> done = new CompletableFuture<>();
    commands.add(
        () -> {
          try {
            done.complete(command.get());
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    selector.wakeup();
    try {
      return done.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + this, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(this + " did not act within " + COMMAND_TIMEOUT, e);
    }
  }

  private void run() {
    try {
      long nextDue = Long.MAX_VALUE;
      while (!closed) {
        long waitMillis =
            nextDue == Long.MAX_VALUE
                ? 0 // no deadline: until something happens
                : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextDue - System.nanoTime() + 999_999));
        selector.select(waitMillis);
        Runnable command;
        while ((command = commands.poll()) != null) {
          command.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key);
        }
        selector.selectedKeys().clear();
        nextDue = flushAll();
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        failure = e; // the next command reports it
      }
    } finally {
      for (Link l : new ArrayList<>(links)) {
        l.abort();
      }
      if (server != null) {
        closeQuietly(server);
      }
      try {
        selector.close();
      } catch (IOException e) {
        // Ending anyway.
      }
      Runnable command;
      while ((command = commands.poll()) != null) {
        command.run(); // callers waiting on a closed proxy get their answer
      }
    }
  }

  private void handle(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.attachment() == null) {
      if (key.isAcceptable()) {
        accept();
      }
      return;
    }
    End end = (End) key.attachment();
    Link link = end.link;
    try {
      if (key.isConnectable()) {
        link.finishConnect();
      }
      if (key.isValid() && key.isReadable()) {
        link.read(end);
      }
    } catch (IOException e) {
      link.abort();
    }
  }

  private void accept() {
    SocketChannel client;
    try {
      client = server.accept();
    } catch (IOException e) {
      return;
    }
    if (client == null) {
      return;
    }
    accepted.incrementAndGet();
    if (closeNew) {
      closeQuietly(client);
      return;
    }
    Link link = new Link(client);
    try {
      link.open();
      links.add(link);
      open = links.size();
    } catch (IOException e) {
      link.abort();
    }
  }

  /** Writes what is due, closes finished links, sets interest; returns the next due time. */
  private long flushAll() {
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    for (Link l : new ArrayList<>(links)) {
      try {
        next = Math.min(next, l.flush(now));
      } catch (IOException e) {
        l.abort();
      }
    }
    return next;
  }

  private void ensureListening() {
    if (server == null) {
      try {
        server = listen(listenAddress);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + address() + " again", e);
      }
    }
  }

  private ServerSocketChannel listen(InetSocketAddress address) throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open();
    try {
      s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      s.bind(address, 128);
      s.configureBlocking(false);
      s.register(selector, SelectionKey.OP_ACCEPT, null);
      return s;
    } catch (IOException e) {
      closeQuietly(s);
      throw e;
    }
  }

  private void endBlackHole() {
    if (!blackHole) {
      return;
    }
    blackHole = false;
    for (Link l : new ArrayList<>(links)) {
      if (l.lostData || l.upstream == null) {
        l.abort();
      }
    }
    flushClosedChannels();
  }

  /** Makes the kernel act on channels closed since the last select (they close on deregister). */
  private void flushClosedChannels() {
    try {
      selector.selectNow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(Channel c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }

  /** One side of a link: which channel a selection key belongs to. */
  private record End(Link link, boolean client) {}

  /** Bytes read from one side and not yet written to the other, oldest first. */
  private final class Direction {
    private final boolean toTarget;
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private final ArrayDeque<Long> dueNanos = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sourceEnded;
    private boolean sinkShut;
    private boolean writeBlocked;

    Direction(boolean toTarget) {
      this.toTarget = toTarget;
    }

    void add(ByteBuffer chunk, long due) {
      chunks.add(chunk);
      dueNanos.add(due);
      queuedBytes += chunk.remaining();
    }

    boolean full() {
      return queuedBytes >= MAX_QUEUED_BYTES;
    }

    void drop(Link link) {
      if (!chunks.isEmpty()) {
        link.lostData = true;
        bytesDiscarded.addAndGet(queuedBytes);
      }
      chunks.clear();
      dueNanos.clear();
      queuedBytes = 0;
    }

    /** Writes the due chunks to {@code sink}; returns when the next one is due, or MAX_VALUE. */
    long flush(SocketChannel sink, long now) throws IOException {
      writeBlocked = false;
      while (!chunks.isEmpty()) {
        long due = dueNanos.peek();
        if (due > now) {
          return due;
        }
        ByteBuffer head = chunks.peek();
        int n = sink.write(head);
        (toTarget ? bytesToTarget : bytesToClient).addAndGet(n);
        queuedBytes -= n;
        if (head.hasRemaining()) {
          writeBlocked = true;
          return Long.MAX_VALUE; // OP_WRITE wakes the loop
        }
        chunks.poll();
        dueNanos.poll();
      }
      if (sourceEnded && !sinkShut) {
        sink.shutdownOutput();
        sinkShut = true;
      }
      return Long.MAX_VALUE;
    }
  }

  /** A client connection and its connection to the target. */
  private final class Link {
    private final SocketChannel client;
    private SocketChannel upstream;
    private SelectionKey clientKey;
    private SelectionKey upstreamKey;
    private boolean connected;
    private boolean lostData;
    private boolean aborted;
    private final Direction toTarget = new Direction(true);
    private final Direction toClient = new Direction(false);

    Link(SocketChannel client) {
      this.client = client;
    }

    void open() throws IOException {
      client.configureBlocking(false);
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      clientKey = client.register(selector, SelectionKey.OP_READ, new End(this, true));
      if (blackHole) {
        return; // nothing is forwarded; the link ends with the black hole
      }
      upstream = SocketChannel.open();
      upstream.configureBlocking(false);
      upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
      connected = upstream.connect(target);
      if (connected) {
        refuseSelfConnect();
      }
      upstreamKey =
          upstream.register(
              selector,
              connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT,
              new End(this, false));
    }

    void finishConnect() throws IOException {
      if (upstream.finishConnect()) {
        connected = true;
        refuseSelfConnect();
      }
    }

    /**
     * A loopback connect to a port nobody listens on can, rarely, get that same port as its own
     * source port and connect to itself (TCP simultaneous open): the target is down all the same.
     */
    private void refuseSelfConnect() throws IOException {
      if (upstream.getLocalAddress().equals(upstream.getRemoteAddress())) {
        throw new IOException("connected to itself: nothing listens on " + target);
      }
    }

    void read(End end) throws IOException {
      SocketChannel source = end.client() ? client : upstream;
      Direction d = end.client() ? toTarget : toClient;
      readBuffer.clear();
      int n = source.read(readBuffer);
      if (n < 0) {
        d.sourceEnded = true;
        return;
      }
      if (n == 0) {
        return;
      }
      if (blackHole) {
        lostData = true;
        bytesDiscarded.addAndGet(n);
        return;
      }
      readBuffer.flip();
      ByteBuffer chunk = ByteBuffer.allocate(n);
      chunk.put(readBuffer).flip();
      d.add(chunk, System.nanoTime() + (end.client() ? delayToTargetNanos : delayToClientNanos));
    }

    long flush(long now) throws IOException {
      long next = Long.MAX_VALUE;
      if (!blackHole) {
        if (connected) {
          next = toTarget.flush(upstream, now);
        }
        next = Math.min(next, toClient.flush(client, now));
        if (toTarget.sinkShut && toClient.sinkShut) {
          close();
          return Long.MAX_VALUE;
        }
      }
      setInterest();
      return next;
    }

    private void setInterest() {
      if (aborted) {
        return;
      }
      int clientOps = 0;
      if (!toTarget.sourceEnded && (blackHole || !toTarget.full())) {
        clientOps |= SelectionKey.OP_READ;
      }
      if (toClient.writeBlocked) {
        clientOps |= SelectionKey.OP_WRITE;
      }
      clientKey.interestOps(clientOps);
      if (upstreamKey != null) {
        int upstreamOps;
        if (!connected) {
          upstreamOps = SelectionKey.OP_CONNECT;
        } else {
          upstreamOps = 0;
          if (!toClient.sourceEnded && (blackHole || !toClient.full())) {
            upstreamOps |= SelectionKey.OP_READ;
          }
          if (toTarget.writeBlocked) {
            upstreamOps |= SelectionKey.OP_WRITE;
          }
        }
        upstreamKey.interestOps(upstreamOps);
      }
    }

    /** Both directions ended cleanly. */
    private void close() {
      closeQuietly(client);
      closeQuietly(upstream);
      forget();
    }

    /** Resets both sides. */
    void abort() {
      if (aborted) {
        return;
      }
      reset(client);
      if (upstream != null) {
        reset(upstream);
      }
      forget();
    }

    private void forget() {
      aborted = true;
      links.remove(this);
      open = links.size();
    }

    private void reset(SocketChannel c) {
      try {
        if (c.isOpen()) {
          c.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
      } catch (IOException e) {
        // Not connected (yet): a plain close is all there is.
      }
      closeQuietly(c);
    }
  }
}
