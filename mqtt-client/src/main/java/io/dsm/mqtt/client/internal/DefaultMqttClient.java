/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import io.dsm.common.tls.ClientTls;
import io.dsm.mqtt.client.ConnectResult;
import io.dsm.mqtt.client.ConnectionListener;
import io.dsm.mqtt.client.InboundFlowControl;
import io.dsm.mqtt.client.InboundListener;
import io.dsm.mqtt.client.InboundPublish;
import io.dsm.mqtt.client.MqttClient;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.mqtt.client.MqttConnectException;
import io.dsm.mqtt.client.MqttPublishException;
import io.dsm.mqtt.client.MqttVersion;
import io.dsm.mqtt.client.OutboundPublish;
import io.dsm.mqtt.client.PublishProperties;
import io.dsm.mqtt.client.RetainHandling;
import io.dsm.mqtt.client.SubscribeResult;
import io.dsm.mqtt.client.Subscription;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MqttClient}: one connection at a time on its own I/O thread, reconnected with backoff,
 * with the session state that outlives connections (subscriptions, QoS 2 messages awaiting PUBREL,
 * unacknowledged publishes).
 *
 * <pre>
 *          connect()          CONNACK ok
 *   NEW ──────────► CONNECTING ─────────► CONNECTED ◄───────┐
 *                      │ failed             │ lost           │ CONNACK ok
 *                      ▼                    ▼                │
 *                    FAILED            RECONNECTING ─────────┘ (attempts with backoff)
 *                                           │ disconnect()/close() from any state
 *                                           ▼
 *                                    DISCONNECTING ──► CLOSED
 * </pre>
 *
 * <p>Every field below the options is touched on the I/O thread only; public methods hand their
 * work to it.
 */
public final class DefaultMqttClient implements MqttClient {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultMqttClient.class);
  private static final int MAX_CONTROL_PACKET = 1 << 20;

  private enum State {
    NEW,
    CONNECTING,
    CONNECTED,
    RECONNECTING,
    FAILED,
    DISCONNECTING,
    CLOSED
  }

  private final MqttClientOptions options;
  private final InboundListener inbound;
  private final InboundFlowControl flow;
  private final ConnectionListener listener;
  private final IoLoop ioLoop;
  private final EventLoop loop;
  private final boolean v5;

  private State state = State.NEW;
  private Connection connection;
  private List<Subscription> subscriptions = List.of();
  private boolean subscriptionsConfirmed;
  private CompletableFuture<List<SubscribeResult>> subscribeWaiting;
  private final Map<Integer, PendingSubscribe> subscribes = new HashMap<>();
  private final Set<Integer> awaitingPubRel = new HashSet<>();
  private final PacketIds packetIds = new PacketIds();
  private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
  private final LinkedHashMap<Integer, Outgoing> inFlight = new LinkedHashMap<>();
  private int attempt;
  private ScheduledFuture<?> reconnectTimer;
  private int serverReceiveMaximum = 65535;
  private boolean sessionPresent; // of the current connection
  private boolean subscriptionIdsAvailable; // of the current connection
  private long serverMaximumPacket = Long.MAX_VALUE;

  private volatile boolean connected;
  private final AtomicBoolean connectCalled = new AtomicBoolean();
  private final AtomicBoolean closeCalled = new AtomicBoolean();
  private final CompletableFuture<ConnectResult> firstConnect = new CompletableFuture<>();
  private final CompletableFuture<Void> disconnected = new CompletableFuture<>();

  /**
   * One subscribe() (or resubscribe) call: its subscriptions may go out as several SUBSCRIBE
   * packets (one per Subscription Identifier); the future completes when every SUBACK came.
   */
  private static final class SubscribeCall {
    final List<Subscription> subscriptions;
    final CompletableFuture<List<SubscribeResult>> future;
    final boolean resubscribe;
    final SubscribeResult[] results;
    int packetsLeft;

    SubscribeCall(
        List<Subscription> subscriptions,
        CompletableFuture<List<SubscribeResult>> future,
        boolean resubscribe) {
      this.subscriptions = subscriptions;
      this.future = future;
      this.resubscribe = resubscribe;
      this.results = new SubscribeResult[subscriptions.size()];
    }
  }

  /** One SUBSCRIBE packet awaiting its SUBACK: subscriptions [from, to) of its call. */
  private record PendingSubscribe(SubscribeCall call, int from, int to, Connection connection) {}

  /** A message to publish, from {@link #publish} until its acknowledgement. */
  private static final class Outgoing {
    final OutboundPublish message;
    final CompletableFuture<Void> future;
    int packetId;
    boolean released; // PUBREC received, PUBREL sent

    Outgoing(OutboundPublish message, CompletableFuture<Void> future) {
      this.message = message;
      this.future = future;
    }
  }

  public DefaultMqttClient(
      MqttClientOptions options,
      InboundListener inbound,
      InboundFlowControl flow,
      ConnectionListener listener) {
    this.options = options;
    this.inbound = inbound;
    this.flow = flow;
    this.listener = listener;
    this.v5 = options.version() == MqttVersion.MQTT_5;
    this.ioLoop = new IoLoop(options.ioThreadName());
    this.loop = ioLoop.loop();
  }

  // ---- public API (any thread) ---------------------------------------------------------------

  @Override
  public CompletableFuture<ConnectResult> connect() {
    if (!connectCalled.compareAndSet(false, true)) {
      return CompletableFuture.failedFuture(new IllegalStateException("connect() called twice"));
    }
    if (!run(
        () -> {
          if (state == State.NEW) {
            state = State.CONNECTING;
            open(false);
          } else {
            firstConnect.completeExceptionally(new IllegalStateException("client closed"));
          }
        })) {
      firstConnect.completeExceptionally(new IllegalStateException("client closed"));
    }
    return firstConnect;
  }

  @Override
  public CompletableFuture<List<SubscribeResult>> subscribe(List<Subscription> subs) {
    CompletableFuture<List<SubscribeResult>> future = new CompletableFuture<>();
    List<Subscription> copy = List.copyOf(subs);
    if (copy.isEmpty()) {
      future.complete(List.of());
      return future;
    }
    if (!run(
        () -> {
          if (state == State.DISCONNECTING || state == State.CLOSED || state == State.FAILED) {
            future.completeExceptionally(new IllegalStateException("client closed"));
            return;
          }
          subscriptions = copy;
          subscriptionsConfirmed = false;
          if (state == State.CONNECTED) {
            sendSubscribe(copy, future, false);
          } else {
            if (subscribeWaiting != null) {
              subscribeWaiting.completeExceptionally(
                  new IllegalStateException("replaced by a later subscribe"));
            }
            subscribeWaiting = future;
          }
        })) {
      future.completeExceptionally(new IllegalStateException("client closed"));
    }
    return future;
  }

  @Override
  public CompletableFuture<Void> publish(OutboundPublish message) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    if (!run(
        () -> {
          if (state == State.DISCONNECTING || state == State.CLOSED || state == State.FAILED) {
            future.completeExceptionally(new IllegalStateException("client closed"));
            return;
          }
          waiting.add(new Outgoing(message, future));
          pump();
        })) {
      future.completeExceptionally(new IllegalStateException("client closed"));
    }
    return future;
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    if (!run(this::beginDisconnect)) {
      disconnected.complete(null);
    }
    return disconnected;
  }

  @Override
  public void close() {
    if (!closeCalled.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<Void> done = disconnect();
    if (!loop.inEventLoop()) {
      try {
        done.get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
        LOG.debug("MQTT disconnect did not finish: {}", e.toString());
      }
    }
    ioLoop.shutdown();
  }

  private boolean run(Runnable task) {
    try {
      loop.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  // ---- connecting ----------------------------------------------------------------------------

  private void open(boolean reconnect) {
    Connection c = new Connection(reconnect);
    connection = c;
    long timeoutMillis = Math.max(1, options.connectTimeout().toMillis());
    c.deadline =
        loop.schedule(
            () ->
                c.fail(
                    new MqttConnectException(
                        c.channelActive
                            ? "the broker did not answer CONNECT within " + timeoutMillis + " ms"
                            : "cannot reach the broker: no connection within "
                                + timeoutMillis
                                + " ms",
                        MqttConnectException.Kind.UNREACHABLE,
                        -1,
                        null)),
            timeoutMillis,
            TimeUnit.MILLISECONDS);
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(ioLoop.channelType())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMillis, 1 << 30))
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    c.init(ch);
                  }
                });
    ChannelFuture f;
    try {
      f = b.connect(options.host(), options.port());
    } catch (RuntimeException e) {
      c.fail(ConnectFailures.of(e, options.tls(), false));
      return;
    }
    f.addListener(
        (ChannelFuture cf) -> {
          if (!cf.isSuccess()) {
            c.fail(ConnectFailures.of(cf.cause(), options.tls(), false));
          }
        });
  }

  private void onConnected(Connection c, ConnectResult result) {
    if (c != connection) {
      return;
    }
    boolean reconnect = state == State.RECONNECTING;
    if (state == State.DISCONNECTING || state == State.CLOSED) {
      c.channel.close();
      return;
    }
    state = State.CONNECTED;
    connected = true;
    attempt = 0;
    serverReceiveMaximum = result.serverReceiveMaximum();
    sessionPresent = result.sessionPresent();
    subscriptionIdsAvailable = result.subscriptionIdsAvailable();
    if (!result.sessionPresent()) {
      awaitingPubRel.clear(); // the broker forgot the QoS 2 exchanges too
    }
    listener.connected(result, reconnect);
    if (!reconnect) {
      firstConnect.complete(result);
    }
    if (!subscriptions.isEmpty()) {
      CompletableFuture<List<SubscribeResult>> future = subscribeWaiting;
      subscribeWaiting = null;
      if (future != null || !result.sessionPresent() || !subscriptionsConfirmed) {
        sendSubscribe(
            subscriptions, future == null ? new CompletableFuture<>() : future, future == null);
      }
    }
    resendInFlight(result.sessionPresent());
    pump();
  }

  private void onConnectFailed(Connection c, MqttConnectException e) {
    if (c != connection) {
      return;
    }
    connection = null;
    switch (state) {
      case CONNECTING -> {
        state = State.FAILED;
        listener.connectFailed(e, -1);
        firstConnect.completeExceptionally(e);
        failAllPublishes(new IllegalStateException("MQTT connect failed: " + e.getMessage()));
      }
      case RECONNECTING -> {
        long delay = options.reconnectBackoff().delayMillis(attempt++);
        listener.connectFailed(e, delay);
        scheduleReconnect(delay);
      }
      case DISCONNECTING -> finishDisconnect();
      default -> {}
    }
  }

  private void onLost(Connection c, Throwable cause) {
    if (c != connection) {
      return;
    }
    connection = null;
    connected = false;
    failSubscribesOf(c);
    if (state == State.DISCONNECTING) {
      finishDisconnect();
      return;
    }
    if (state != State.CONNECTED) {
      return;
    }
    state = State.RECONNECTING;
    long delay = options.reconnectBackoff().delayMillis(attempt++);
    listener.connectionLost(ConnectFailures.lost(cause), delay);
    scheduleReconnect(delay);
  }

  private void scheduleReconnect(long delayMillis) {
    reconnectTimer =
        loop.schedule(
            () -> {
              if (state == State.RECONNECTING) {
                open(true);
              }
            },
            delayMillis,
            TimeUnit.MILLISECONDS);
  }

  private void beginDisconnect() {
    switch (state) {
      case DISCONNECTING, CLOSED -> {
        return;
      }
      default -> {}
    }
    State before = state;
    state = State.DISCONNECTING;
    connected = false;
    if (reconnectTimer != null) {
      reconnectTimer.cancel(false);
    }
    Connection c = connection;
    if (c == null) {
      finishDisconnect();
      return;
    }
    if (c.established && before == State.CONNECTED) {
      c.acks.flush(); // acknowledgements already due go before DISCONNECT
      c.ctx.writeAndFlush(Packets.disconnect()).addListener(f -> c.channel.close());
    } else {
      c.channel.close();
    }
  }

  private void finishDisconnect() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    connection = null;
    connected = false;
    IllegalStateException closed = new IllegalStateException("MQTT client disconnected");
    if (subscribeWaiting != null) {
      subscribeWaiting.completeExceptionally(closed);
      subscribeWaiting = null;
    }
    for (PendingSubscribe p : subscribes.values()) {
      p.call().future.completeExceptionally(closed);
    }
    subscribes.clear();
    failAllPublishes(closed);
    firstConnect.completeExceptionally(closed);
    disconnected.complete(null);
  }

  // ---- subscribing ---------------------------------------------------------------------------

  private void sendSubscribe(
      List<Subscription> subs,
      CompletableFuture<List<SubscribeResult>> future,
      boolean resubscribe) {
    Connection c = connection;
    SubscribeCall call = new SubscribeCall(subs, future, resubscribe);
    // Runs of equal identifiers share a packet; without identifier support all share one.
    List<int[]> packets = new ArrayList<>();
    for (int i = 0; i < subs.size(); i++) {
      if (i == 0 || (subscriptionIdsAvailable && idOf(subs.get(i)) != idOf(subs.get(i - 1)))) {
        packets.add(new int[] {i, i + 1});
      } else {
        packets.get(packets.size() - 1)[1] = i + 1;
      }
    }
    call.packetsLeft = packets.size();
    for (int[] range : packets) {
      int id = packetIds.acquire();
      if (id < 0) {
        failCall(call, new IllegalStateException("no free packet identifier"));
        return;
      }
      subscribes.put(id, new PendingSubscribe(call, range[0], range[1], c));
      c.ctx.write(
          Packets.subscribe(
              id,
              subs.subList(range[0], range[1]),
              options.version(),
              subscriptionIdsAvailable ? idOf(subs.get(range[0])) : 0),
          c.ctx.voidPromise());
    }
    c.ctx.flush();
  }

  private static int idOf(Subscription s) {
    return s.subscriptionId();
  }

  private void onSubAck(MqttSubAckMessage ack) {
    int id = ack.variableHeader().messageId();
    PendingSubscribe p = subscribes.remove(id);
    if (p == null) {
      return;
    }
    packetIds.release(id);
    SubscribeCall call = p.call();
    if (call.future.isDone()) {
      return;
    }
    List<Integer> codes = ack.payload().reasonCodes();
    for (int i = p.from(); i < p.to(); i++) {
      int k = i - p.from();
      int code = k < codes.size() ? codes.get(k) : 0x80;
      int granted = code >= 0 && code <= 2 ? code : -1;
      SubscribeResult r = new SubscribeResult(call.subscriptions.get(i), granted, code);
      call.results[i] = r;
      listener.subscribed(r, call.resubscribe);
    }
    if (--call.packetsLeft > 0) {
      return;
    }
    List<SubscribeResult> results = List.of(call.results);
    if (call.subscriptions == subscriptions
        && results.stream().allMatch(r -> r.grantedQos() >= 0)) {
      subscriptionsConfirmed = true;
    }
    call.future.complete(results);
  }

  /** Fails a call and forgets its other packets (a late SUBACK of one is then ignored). */
  private void failCall(SubscribeCall call, Exception e) {
    var it = subscribes.entrySet().iterator();
    while (it.hasNext()) {
      var entry = it.next();
      if (entry.getValue().call() == call) {
        packetIds.release(entry.getKey());
        it.remove();
      }
    }
    call.future.completeExceptionally(e);
  }

  private void failSubscribesOf(Connection c) {
    var it = subscribes.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().connection() == c) {
        packetIds.release(e.getKey());
        e.getValue()
            .call()
            .future
            .completeExceptionally(new IOException("MQTT connection lost before SUBACK"));
        it.remove();
      }
    }
  }

  // ---- publishing ----------------------------------------------------------------------------

  private void pump() {
    Connection c = connection;
    if (state != State.CONNECTED || c == null || !c.established) {
      return;
    }
    int limit = Math.min(options.publishWindow(), serverReceiveMaximum);
    boolean wrote = false;
    while (!waiting.isEmpty()) {
      Outgoing o = waiting.peek();
      if (o.message.qos() > 0 && inFlight.size() >= limit) {
        break;
      }
      waiting.poll();
      if (estimatedSize(o.message) > serverMaximumPacket) {
        o.future.completeExceptionally(
            new MqttPublishException(
                "the message is larger than the broker's maximum packet size of "
                    + serverMaximumPacket
                    + " bytes",
                -1));
        continue;
      }
      if (o.message.qos() == 0) {
        c.ctx
            .write(Packets.publish(o.message, 0, false, options.version()))
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    o.future.complete(null);
                  } else {
                    o.future.completeExceptionally(f.cause());
                  }
                });
      } else {
        int id = packetIds.acquire();
        if (id < 0) {
          waiting.addFirst(o);
          break;
        }
        o.packetId = id;
        inFlight.put(id, o);
        c.ctx.write(Packets.publish(o.message, id, false, options.version()), c.ctx.voidPromise());
      }
      wrote = true;
    }
    if (wrote) {
      c.ctx.flush();
    }
  }

  private static long estimatedSize(OutboundPublish m) {
    return 5L + 2 + m.topic().length() * 3L + 2 + m.payload().length + 1024;
  }

  private void resendInFlight(boolean sessionPresent) {
    Connection c = connection;
    boolean wrote = false;
    var it = inFlight.values().iterator();
    while (it.hasNext()) {
      Outgoing o = it.next();
      if (!o.released) {
        c.ctx.write(
            Packets.publish(o.message, o.packetId, sessionPresent, options.version()),
            c.ctx.voidPromise());
        wrote = true;
      } else if (sessionPresent) {
        c.ctx.write(Packets.pubRel(o.packetId), c.ctx.voidPromise());
        wrote = true;
      } else {
        // PUBREC proves the broker took it; without the session there is nothing to release.
        it.remove();
        packetIds.release(o.packetId);
        o.future.complete(null);
      }
    }
    if (wrote) {
      c.ctx.flush();
    }
  }

  private void onPublishAck(MqttMessageType type, MqttPubReplyMessageVariableHeader h) {
    int id = h.messageId();
    int reason = h.reasonCode() & 0xff;
    Outgoing o = inFlight.get(id);
    if (o == null) {
      if (type == MqttMessageType.PUBREC) {
        connection.ctx.writeAndFlush(Packets.pubRel(id), connection.ctx.voidPromise());
      }
      return;
    }
    if (reason >= 0x80) {
      inFlight.remove(id);
      packetIds.release(id);
      o.future.completeExceptionally(
          new MqttPublishException(
              "the broker refused the PUBLISH to '"
                  + o.message.topic()
                  + "': "
                  + String.format(java.util.Locale.ROOT, "reason code 0x%02X", reason),
              reason));
      pump();
      return;
    }
    if (type == MqttMessageType.PUBREC) {
      o.released = true;
      connection.ctx.writeAndFlush(Packets.pubRel(id), connection.ctx.voidPromise());
      return;
    }
    inFlight.remove(id);
    packetIds.release(id);
    o.future.complete(null);
    pump();
  }

  private void failAllPublishes(Exception e) {
    for (Outgoing o : inFlight.values()) {
      o.future.completeExceptionally(e);
    }
    inFlight.clear();
    for (Outgoing o : waiting) {
      o.future.completeExceptionally(e);
    }
    waiting.clear();
  }

  // ---- one connection ------------------------------------------------------------------------

  /** The handler and state of one TCP connection. I/O thread only. */
  private final class Connection extends ChannelDuplexHandler {
    final boolean reconnect;
    Channel channel;
    ChannelHandlerContext ctx;
    FrameReader frames;
    AckQueue acks;
    ScheduledFuture<?> deadline;
    boolean channelActive;
    boolean handshakeDone;
    boolean established;
    boolean settled; // connected or failed
    Throwable lastError;
    int keepAliveSecs = options.keepAliveSecs();

    Connection(boolean reconnect) {
      this.reconnect = reconnect;
    }

    void init(Channel ch) {
      channel = ch;
      var p = ch.pipeline();
      if (options.tls()) {
        p.addLast("tls", sslHandler());
      }
      if (keepAliveSecs > 0) {
        p.addLast("idle", idleHandler(keepAliveSecs));
      }
      frames = new FrameReader(options.maxPacketBytes(), flow);
      p.addLast("frames", frames);
      p.addLast("decoder", new MqttDecoder(Math.max(options.maxPacketBytes(), MAX_CONTROL_PACKET)));
      p.addLast("encoder", MqttEncoder.INSTANCE);
      p.addLast("session", this);
    }

    private IdleStateHandler idleHandler(int secs) {
      return new IdleStateHandler((long) secs * 1500, (long) secs * 1000, 0, TimeUnit.MILLISECONDS);
    }

    private SslHandler sslHandler() {
      SSLEngine engine = options.sslContext().createSSLEngine(options.host(), options.port());
      engine.setUseClientMode(true);
      SSLParameters params = engine.getSSLParameters();
      params.setProtocols(ClientTls.PROTOCOLS.toArray(new String[0]));
      if (options.verifyHostname()) {
        params.setEndpointIdentificationAlgorithm("HTTPS");
      }
      if (!NetUtil.isValidIpV4Address(options.host())
          && !NetUtil.isValidIpV6Address(options.host())) {
        params.setServerNames(List.of(new SNIHostName(options.host())));
      }
      engine.setSSLParameters(params);
      SslHandler h = new SslHandler(engine);
      h.setHandshakeTimeoutMillis(Math.max(1, options.connectTimeout().toMillis()));
      return h;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
      this.acks = new AckQueue(ctx, awaitingPubRel::add);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channelActive = true;
      if (options.tls()) {
        ctx.pipeline()
            .get(SslHandler.class)
            .handshakeFuture()
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    handshakeDone = true;
                    sendConnect();
                  } else {
                    fail(ConnectFailures.of(f.cause(), true, false));
                  }
                });
      } else {
        sendConnect();
      }
      ctx.fireChannelActive();
    }

    private void sendConnect() {
      ctx.writeAndFlush(Packets.connect(options))
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  fail(ConnectFailures.of(f.cause(), options.tls(), handshakeDone));
                }
              });
    }

    void fail(MqttConnectException e) {
      if (settled) {
        return;
      }
      settled = true;
      cancelDeadline();
      if (channel != null) {
        channel.close();
      }
      onConnectFailed(this, e);
    }

    private void cancelDeadline() {
      if (deadline != null) {
        deadline.cancel(false);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof OversizePublish o) {
        onOversize(o);
        return;
      }
      if (!(msg instanceof MqttMessage m)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (m.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        exceptionCaught(
            ctx,
            new NotMqttException(
                "malformed packet: " + m.decoderResult().cause().getMessage(), false));
        return;
      }
      MqttMessageType type = m.fixedHeader().messageType();
      if (!established && type != MqttMessageType.CONNACK) {
        ReferenceCountUtil.release(msg);
        exceptionCaught(ctx, new NotMqttException("a " + type + " before CONNACK", false));
        return;
      }
      switch (type) {
        case CONNACK -> onConnAck((MqttConnAckMessage) m);
        case PUBLISH -> onPublish((MqttPublishMessage) m);
        case PUBACK, PUBREC, PUBCOMP ->
            onPublishAck(type, (MqttPubReplyMessageVariableHeader) m.variableHeader());
        case PUBREL -> onPubRel((MqttPubReplyMessageVariableHeader) m.variableHeader());
        case SUBACK -> onSubAck((MqttSubAckMessage) m);
        case UNSUBACK, PINGRESP -> {}
        case DISCONNECT -> onServerDisconnect(m);
        default -> {
          ReferenceCountUtil.release(msg);
          exceptionCaught(
              ctx, new NotMqttException("unexpected " + type + " from the broker", false));
        }
      }
    }

    private void onConnAck(MqttConnAckMessage ack) {
      if (established) {
        exceptionCaught(ctx, new NotMqttException("a second CONNACK", false));
        return;
      }
      int code = ack.variableHeader().connectReturnCode().byteValue() & 0xff;
      MqttProperties props = ack.variableHeader().properties();
      if (code != 0) {
        fail(
            ConnectFailures.refused(
                code, v5, stringProperty(props, MqttProperties.MqttPropertyType.REASON_STRING)));
        return;
      }
      Integer receiveMax = intProperty(props, MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM);
      Integer maxQos = intProperty(props, MqttProperties.MqttPropertyType.MAXIMUM_QOS);
      Integer maxPacket = intProperty(props, MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE);
      Integer subIds =
          intProperty(props, MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE);
      serverMaximumPacket = maxPacket == null ? Long.MAX_VALUE : Integer.toUnsignedLong(maxPacket);
      Integer serverKeepAlive =
          intProperty(props, MqttProperties.MqttPropertyType.SERVER_KEEP_ALIVE);
      if (serverKeepAlive != null && serverKeepAlive != keepAliveSecs) {
        // MQTT 5: the broker's keep-alive replaces ours (e.g. a max_keepalive lower than ours).
        keepAliveSecs = serverKeepAlive;
        if (channel.pipeline().get("idle") != null) {
          channel.pipeline().remove("idle");
        }
        if (keepAliveSecs > 0) {
          channel.pipeline().addBefore("frames", "idle", idleHandler(keepAliveSecs));
        }
      }
      established = true;
      settled = true;
      cancelDeadline();
      onConnected(
          this,
          new ConnectResult(
              ack.variableHeader().isSessionPresent(),
              receiveMax == null ? 65535 : receiveMax,
              maxQos == null ? 2 : maxQos,
              v5 && (subIds == null || subIds != 0)));
    }

    private void onPublish(MqttPublishMessage p) {
      int qos = p.fixedHeader().qosLevel().value();
      int id = qos == 0 ? 0 : p.variableHeader().packetId();
      int size = p.fixedHeader().remainingLength();
      byte[] payload;
      PublishProperties props;
      String topic = p.variableHeader().topicName();
      try {
        payload = ByteBufUtil.getBytes(p.content());
        props =
            v5 ? PropertiesCodec.decode(p.variableHeader().properties()) : PublishProperties.NONE;
      } finally {
        p.release();
      }
      deliver(
          topic,
          payload,
          qos,
          p.fixedHeader().isRetain(),
          p.fixedHeader().isDup(),
          id,
          props,
          size,
          false,
          size);
    }

    private void onOversize(OversizePublish o) {
      deliver(
          o.topic(),
          new byte[0],
          o.qos(),
          o.retain(),
          o.dup(),
          o.packetId(),
          PublishProperties.NONE,
          o.size(),
          true,
          0);
    }

    private void deliver(
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        boolean dup,
        int id,
        PublishProperties props,
        long size,
        boolean oversize,
        int admitted) {
      if (qos == 2 && awaitingPubRel.contains(id)) {
        // Sent again before we got its PUBREL: already delivered once; only repeat the PUBREC.
        flow.release(qos, admitted);
        acks.addDone(id, qos);
        return;
      }
      boolean skip = retain && !v5 && excludedRetained();
      Runnable ack = qos == 0 || skip ? null : acks.add(id, qos);
      InboundPublish message =
          new InboundPublish(
              topic,
              payload,
              qos,
              retain,
              dup,
              id,
              props,
              size,
              oversize,
              admitted,
              System.nanoTime(),
              ack);
      if (skip) {
        flow.release(qos, admitted);
        if (qos > 0) {
          acks.addDone(id, qos);
        }
        inbound.onSkipped(message, "retained");
        return;
      }
      try {
        inbound.onPublish(message);
      } catch (RuntimeException e) {
        LOG.error("The MQTT message listener failed on a message from topic '{}'", topic, e);
      }
    }

    /**
     * MQTT 3.1.1 emulation of Retain Handling: the broker set RETAIN because we subscribed, and the
     * subscriptions ask not to get such messages (always, or when the session already had them).
     */
    private boolean excludedRetained() {
      RetainHandling handling = retainHandling();
      return handling == RetainHandling.NONE
          || (handling == RetainHandling.SEND_NEW && sessionPresent);
    }

    private void onPubRel(MqttPubReplyMessageVariableHeader h) {
      awaitingPubRel.remove(h.messageId());
      ctx.writeAndFlush(Packets.pubComp(h.messageId()), ctx.voidPromise());
    }

    private void onServerDisconnect(MqttMessage m) {
      String reason = "DISCONNECT from the broker";
      if (m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
        int code = h.reasonCode() & 0xff;
        String text = stringProperty(h.properties(), MqttProperties.MqttPropertyType.REASON_STRING);
        reason =
            "the broker disconnected us: "
                + disconnectReason(code)
                + (text == null ? "" : " (" + text + ")")
                + String.format(java.util.Locale.ROOT, " [0x%02X]", code);
      }
      listener.disconnectedByBroker(reason);
      lastError = new IOException(reason);
      ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (established) {
        try {
          inbound.onBatchEnd();
        } catch (RuntimeException e) {
          LOG.error("The MQTT message listener failed at the end of a batch", e);
        }
      }
      ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent e && established) {
        if (e.state() == IdleState.WRITER_IDLE) {
          ctx.writeAndFlush(Packets.pingReq(), ctx.voidPromise());
        } else if (e.state() == IdleState.READER_IDLE && !frames.held()) {
          long silentMillis =
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frames.lastProgressNanos());
          if (silentMillis >= keepAliveSecs * 1500L) {
            lastError =
                new IOException(
                    "no packet from the broker for "
                        + silentMillis / 1000
                        + " s (keep-alive "
                        + keepAliveSecs
                        + " s)");
            ctx.close();
          }
        }
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (lastError == null) {
        lastError = cause;
      }
      if (!established) {
        fail(ConnectFailures.of(cause, options.tls(), handshakeDone));
      } else {
        LOG.debug("MQTT connection error: {}", cause.toString());
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      acks.close();
      cancelDeadline();
      if (!settled) {
        fail(ConnectFailures.of(lastError, options.tls(), handshakeDone));
      } else if (established) {
        onLost(this, lastError);
      }
      ctx.fireChannelInactive();
    }
  }

  /** The subscriptions' common handling; {@code SEND} unless they all agree on another. */
  private RetainHandling retainHandling() {
    RetainHandling common = null;
    for (Subscription sub : subscriptions) {
      if (common == null) {
        common = sub.retainHandling();
      } else if (common != sub.retainHandling()) {
        return RetainHandling.SEND;
      }
    }
    return common == null ? RetainHandling.SEND : common;
  }

  private static Integer intProperty(MqttProperties p, MqttProperties.MqttPropertyType type) {
    if (p == null) {
      return null;
    }
    MqttProperties.MqttProperty<?> prop = p.getProperty(type.value());
    return prop == null ? null : (Integer) prop.value();
  }

  private static String stringProperty(MqttProperties p, MqttProperties.MqttPropertyType type) {
    if (p == null) {
      return null;
    }
    MqttProperties.MqttProperty<?> prop = p.getProperty(type.value());
    return prop == null ? null : (String) prop.value();
  }

  private static String disconnectReason(int code) {
    return switch (code) {
      case 0x00 -> "normal disconnection";
      case 0x8B -> "server shutting down";
      case 0x8D -> "keep alive timeout";
      case 0x8E -> "session taken over (another client connected with this client id)";
      case 0x93 -> "receive maximum exceeded";
      case 0x95 -> "packet too large";
      case 0x97 -> "quota exceeded";
      case 0x9C -> "use another server";
      case 0x9D -> "server moved";
      default -> ConnectFailures.reason5(code);
    };
  }
}
