/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import io.dsm.connector.config.MqttSettings;
import io.reactivex.FlowableSubscriber;
import io.reactivex.schedulers.Schedulers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Owns the HiveMQ MQTT client: connects (MQTT 3.1.1 or 5, the version specifics are in {@link
 * Mqtt3Protocol} and {@link Mqtt5Protocol}), subscribes every route filter with manual
 * acknowledgement, reconnects with jittered exponential backoff and subscribes again whenever the
 * broker answers a (re)connect without our session. With its two protocol classes, the only code of
 * the connector that speaks HiveMQ.
 *
 * <p>Backpressure: messages are read through the client's reactive {@code publishes(ALL, manual
 * acknowledgement)} flow, and the intake requests exactly as many messages as it claimed credits
 * from its {@link CreditSource}. With no credit free, no message is delivered to us and none is
 * acknowledged, so the broker holds further messages (its in-flight window stays full). A plain
 * callback API would keep delivering regardless. The global flow is subscribed before connecting,
 * so messages a persistent session replays right after CONNACK are not missed, and it outlives
 * reconnects, so re-subscribing never needs a new flow.
 *
 * <p>Threads: the inbound executor (the client's application scheduler: every message is handed to
 * the {@link InboundSink} on it, in receive order) plus the client's own {@code
 * com.hivemq.client.mqtt-*} Netty threads, on which none of our code runs except the
 * connect/disconnect listeners (which only log and hand off). The inbound executor must run tasks
 * one at a time in submission order: the end of a message flow and the resubscribe that follows it
 * rely on that order. The connector passes the Danube client's network thread ({@code danube-io}),
 * so a message's send starts on the thread that writes it; without one, the intake runs its own
 * {@code mqtt-inbound} thread.
 */
public final class MqttIntake implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttIntake.class);

  private final MqttSettings settings;
  private final List<TopicSubscription> subscriptions;
  private final InboundSink sink;
  private final CreditSource credits;
  private final ReconnectBackoff backoff;
  private final Consumer<Throwable> fatal;
  private final Executor inbound;
  private final ExecutorService ownInbound; // null when the inbound executor was given
  private final MqttProtocol protocol;
  private final MqttConnectionListener listener;
  private final AtomicLong connectFailures = new AtomicLong();

  /**
   * Whether the client holds an established connection; tells a lost connection from a failed
   * attempt.
   */
  private final AtomicBoolean up = new AtomicBoolean();

  private volatile PublishSubscriber subscriber;

  /** True after the first successful subscribe; from then on, reconnects may happen. */
  private final AtomicBoolean running = new AtomicBoolean();

  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * The creator's MDC (the connector name): the inbound thread carries it from its start, and the
   * client's callbacks (reconnects, lost connections, re-subscriptions, which happen before or
   * without any message) carry it while they log. Null when the creator had none.
   */
  private final Map<String, String> logContext = MDC.getCopyOfContextMap();

  /**
   * @param settings MQTT connection settings
   * @param subscriptions the filters to subscribe, each once
   * @param sink receives every message on the inbound executor
   * @param credits bounds how many messages the intake may hold
   * @param backoff reconnect delays
   * @param fatal told (once, any thread) when the message flow failed and cannot recover
   * @param listener told about every connect, connect failure, lost connection and subscription;
   *     {@code null} for none
   * @param inbound runs the sink and the intake's own bookkeeping: one task at a time, in
   *     submission order, never blocking; its thread takes the creator's MDC. Not closed by the
   *     intake. {@code null}: the intake starts (and stops) its own {@code mqtt-inbound} thread
   */
  public MqttIntake(
      MqttSettings settings,
      List<TopicSubscription> subscriptions,
      InboundSink sink,
      CreditSource credits,
      ReconnectBackoff backoff,
      Consumer<Throwable> fatal,
      MqttConnectionListener listener,
      Executor inbound) {
    this.settings = settings;
    this.subscriptions = List.copyOf(subscriptions);
    this.sink = sink;
    this.credits = credits;
    this.backoff = backoff;
    this.fatal = fatal;
    this.listener = listener == null ? MqttConnectionListener.NONE : listener;
    if (inbound == null) {
      this.ownInbound =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(() -> inLogContext(r), "mqtt-inbound");
                t.setDaemon(true);
                return t;
              });
      this.inbound = ownInbound;
    } else {
      this.ownInbound = null;
      this.inbound = inbound;
      if (logContext != null) {
        inbound.execute(() -> MDC.setContextMap(logContext));
      }
    }
    try {
      this.protocol = buildProtocol();
    } catch (RuntimeException e) {
      if (ownInbound != null) {
        ownInbound.shutdown(); // bad TLS or credential settings: nothing else was started
      }
      throw e;
    }
    credits.onCreditsFreed(() -> subscriber.replenish());
  }

  private MqttProtocol buildProtocol() {
    MqttClientBuilder common =
        MqttClients.builder(settings)
            .executorConfig()
            .applicationScheduler(Schedulers.from(this::runInbound))
            .applyExecutorConfig()
            .addConnectedListener(this::onConnected)
            .addDisconnectedListener(this::onDisconnected);
    return MqttClients.protocol(settings, common);
  }

  /**
   * Hands a client task to the inbound executor. Once closed, a given executor may already be shut
   * down by its owner; tasks the client still schedules then (the end of the flow) have nothing
   * left to do.
   */
  private void runInbound(Runnable task) {
    try {
      inbound.execute(task);
    } catch (RejectedExecutionException e) {
      if (!closed.get()) {
        throw e;
      }
    }
  }

  /**
   * Connects and subscribes, waiting at most {@code timeout}. On failure the client is disconnected
   * and nothing keeps running.
   *
   * @throws MqttIntakeException naming the broker and what failed
   */
  public void start(Duration timeout) throws MqttIntakeException {
    subscribeFlow(); // before connecting: a persistent session replays right after CONNACK
    String broker = settings.host() + ":" + settings.port();
    boolean sessionPresent;
    try {
      sessionPresent = protocol.connect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String why = MqttFailures.describe(cause);
      connectFailed(why);
      throw new MqttIntakeException(
          "cannot connect to MQTT broker "
              + broker
              + " as client id '"
              + settings.clientId()
              + "': "
              + why,
          !MqttFailures.isRefusal(cause),
          cause);
    } catch (TimeoutException e) {
      close();
      connectFailed("no CONNACK within " + timeout);
      throw new MqttIntakeException(
          "MQTT broker " + broker + " did not accept the connection within " + timeout, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new MqttIntakeException("interrupted while connecting to " + broker, true, e);
    }
    LOG.info(
        "Connected to MQTT {} broker {} as '{}' (clean session {}, session present {})",
        settings.protocolVersion() == 5 ? "5" : "3.1.1",
        broker,
        settings.clientId(),
        settings.cleanSession(),
        sessionPresent);
    try {
      List<String> refused = subscribeAll().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!refused.isEmpty()) {
        close();
        throw new MqttIntakeException(
            "MQTT broker " + broker + " refused the subscription to " + refused, false, null);
      }
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new MqttIntakeException(
          "subscribing at MQTT broker " + broker + " failed: " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new MqttIntakeException("interrupted while subscribing at " + broker, true, e);
    }
    running.set(true);
  }

  /** Opens a new global message flow; the previous one, if any, has ended. */
  private void subscribeFlow() {
    PublishSubscriber s = new PublishSubscriber();
    subscriber = s;
    protocol.publishes().subscribe(s);
  }

  /** Subscribes every filter in one SUBSCRIBE; completes with the filters the broker refused. */
  private CompletableFuture<List<String>> subscribeAll() {
    // Completed on a client thread: log with the creator's context.
    return protocol
        .subscribe(subscriptions)
        .thenApply(
            granted -> {
              List<String> refused = new ArrayList<>();
              inLogContext(() -> refused.addAll(logGranted(granted)));
              return refused;
            });
  }

  private List<String> logGranted(List<Integer> granted) {
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < subscriptions.size(); i++) {
      TopicSubscription s = subscriptions.get(i);
      int g = i < granted.size() ? granted.get(i) : -1;
      if (g < 0) {
        LOG.error("MQTT broker refused subscription '{}' (QoS {})", s.filter(), s.qos());
        refused.add(s.filter());
      } else if (g < s.qos()) {
        LOG.warn(
            "Subscribed '{}': requested QoS {}, broker granted only QoS {}",
            s.filter(),
            s.qos(),
            g);
      } else {
        LOG.info("Subscribed '{}' with granted QoS {}", s.filter(), g);
      }
      listener.subscribed(s.filter(), g);
    }
    return refused;
  }

  /** Runs {@code r} with the creator's MDC, then restores the thread's own. */
  private void inLogContext(Runnable r) {
    if (logContext == null) {
      r.run();
      return;
    }
    Map<String, String> previous = MDC.getCopyOfContextMap();
    MDC.setContextMap(logContext);
    try {
      r.run();
    } finally {
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    }
  }

  /** Runs on a client thread: log, and hand any resubscribe off (it must not block here). */
  private void onConnected(MqttClientConnectedContext ctx) {
    inLogContext(() -> connected(ctx));
  }

  private void connected(MqttClientConnectedContext ctx) {
    if (closed.get()) {
      return;
    }
    boolean sessionPresent = protocol.sessionPresent(ctx);
    up.set(true);
    listener.connected(sessionPresent);
    if (!running.get()) {
      return; // the initial connect is logged and subscribed by start()
    }
    LOG.info(
        "Reconnected to MQTT broker {}:{} (session present {})",
        settings.host(),
        settings.port(),
        sessionPresent);
    if (!sessionPresent) {
      // The broker forgot our subscriptions (clean session, or it lost its state): without this
      // the connector would be connected but silent.
      LOG.info("MQTT broker has no session for '{}'; subscribing again", settings.clientId());
      // Queued behind the end-of-session signal of the old message flow (delivered on
      // the inbound executor too), so the new flow exists before the new subscription brings
      // messages.
      runInbound(
          () ->
              subscribeAll()
                  .whenComplete(
                      (refused, e) ->
                          inLogContext(
                              () -> {
                                if (e != null) {
                                  LOG.warn(
                                      "Re-subscribing after reconnect failed: {}", e.toString());
                                } else if (!refused.isEmpty()) {
                                  LOG.error("MQTT broker refused re-subscription to {}", refused);
                                }
                              })));
    }
  }

  private void onDisconnected(MqttClientDisconnectedContext ctx) {
    inLogContext(() -> disconnected(ctx));
  }

  private void disconnected(MqttClientDisconnectedContext ctx) {
    if (!running.get() || closed.get() || ctx.getSource() == MqttDisconnectSource.USER) {
      return; // initial connect failures surface from start(); user disconnects are intended
    }
    int attempt = ctx.getReconnector().getAttempts();
    long delay = backoff.delayMillis(attempt);
    String why = MqttFailures.describe(ctx.getCause());
    String broker = settings.host() + ":" + settings.port();
    if (up.getAndSet(false)) {
      LOG.warn("MQTT connection to {} lost: {}; reconnecting in {} ms", broker, why, delay);
      listener.disconnected(why);
    } else {
      // One line per attempt, never a stack trace: a refused reconnect repeats until fixed.
      LOG.warn(
          "MQTT reconnect attempt {} to {} failed: {}; next attempt in {} ms",
          attempt,
          broker,
          why,
          delay);
      connectFailed(why);
    }
    ctx.getReconnector()
        .reconnect(true)
        .resubscribeIfSessionExpired(false) // we resubscribe ourselves, with logging
        .delay(delay, TimeUnit.MILLISECONDS);
  }

  private void connectFailed(String why) {
    connectFailures.incrementAndGet();
    listener.connectFailed(why);
  }

  /** How many connect attempts (the first and every reconnect) have failed so far. */
  public long connectFailures() {
    return connectFailures.get();
  }

  /** Whether the client currently has a connection. */
  public boolean isConnected() {
    return protocol.state().isConnected();
  }

  /**
   * Stops taking messages: cancels the message flow, so nothing more reaches the sink. Messages not
   * yet delivered to us stay unacknowledged with the broker.
   */
  public void stopIntake() {
    subscriber.cancel();
  }

  /**
   * Stops intake, disconnects cleanly (a persistent session keeps unacked messages) and stops its
   * own {@code mqtt-inbound} thread, if it has one. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    subscriber.cancel();
    try {
      if (protocol.state().isConnectedOrReconnect()) {
        protocol.disconnect();
      }
    } catch (RuntimeException e) {
      LOG.debug("MQTT disconnect failed: {}", e.toString());
    }
    if (ownInbound != null) {
      ownInbound.shutdown();
    }
  }

  /**
   * Builds our message from a received PUBLISH. QoS 0 is acknowledged to the client at once:
   * nothing goes back to the broker for it, but the client counts it as unconfirmed until then.
   */
  static InboundMessage inbound(
      String topic, byte[] payload, int qos, boolean retain, Runnable acknowledge) {
    MqttAck ack;
    if (qos == 0) {
      acknowledge.run();
      ack = MqttAck.NONE;
    } else {
      ack = MqttAck.of(acknowledge);
    }
    return new InboundMessage(topic, payload, qos, retain, false, System.nanoTime(), ack);
  }

  /** Receives from the client's flow, requesting only what the credits allow. */
  private final class PublishSubscriber implements FlowableSubscriber<InboundMessage> {
    private Subscription subscription; // guarded by this
    private boolean cancelled; // guarded by this
    private long outstanding; // requested and not yet delivered; guarded by this

    @Override
    public synchronized void onSubscribe(Subscription s) {
      subscription = s;
      if (cancelled) {
        s.cancel();
        return;
      }
      replenish();
    }

    /** Claims the free credits and requests that many messages. Any thread. */
    synchronized void replenish() {
      if (subscription == null || cancelled) {
        return;
      }
      int n = credits.claimAvailable();
      if (n > 0) {
        outstanding += n;
        subscription.request(n);
      }
    }

    synchronized void cancel() {
      cancelled = true;
      if (subscription != null) {
        subscription.cancel();
      }
    }

    /** Ends this flow and returns how many requested messages it will never deliver. */
    synchronized long abandon() {
      cancelled = true;
      long n = outstanding;
      outstanding = 0;
      return n;
    }

    @Override
    public void onNext(InboundMessage message) {
      synchronized (this) {
        outstanding--;
      }
      sink.onMessage(message);
    }

    @Override
    public void onError(Throwable t) {
      if (closed.get()) {
        return;
      }
      if (t instanceof MqttSessionExpiredException) {
        // The client ends its message flows when the MQTT session ends (every disconnect with a
        // clean session). Open a new flow before the reconnect, and hand back the credits the old
        // one was still owed, or the window would shrink with every reconnect.
        credits.giveBack((int) abandon());
        LOG.info(
            "MQTT session ended ({}); waiting for messages of the next session", t.getMessage());
        subscribeFlow();
        return;
      }
      LOG.error("MQTT message flow failed: {}", t.toString());
      fatal.accept(t);
    }

    @Override
    public void onComplete() {
      if (!closed.get()) {
        fatal.accept(
            new IllegalStateException(
                "MQTT message flow ended unexpectedly (client '" + settings.clientId() + "')"));
      }
    }
  }
}
