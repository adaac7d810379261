/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.KeyOrdering;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerClosedException;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.SchemaRef;
import io.dsm.danube.client.SendRetryListener;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.HealthCheckResponse;
import io.dsm.danube.proto.MessageResponse;
import io.dsm.danube.proto.MsgID;
import io.dsm.danube.proto.ProducerAccessMode;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.ProducerResponse;
import io.dsm.danube.proto.ProducerServiceGrpc;
import io.dsm.danube.proto.SchemaReference;
import io.dsm.danube.proto.StreamMessage;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker-side producer on one partition topic (or on the plain topic).
 *
 * <p><b>Ordering.</b> At most one message per routing key is "active" (in flight, or waiting for a
 * retry) at any time; later messages of that key wait in {@code blocked} in call order and become
 * ready when it completes. Ready messages (keyless ones and heads of idle keys) are pipelined up to
 * {@code maxInFlight}. A message that failed retriably keeps its key while it waits and is resent
 * before anything else ({@code retryQueue}), so a key's messages reach the broker in call order
 * even across retries and re-creations.
 *
 * <p><b>States.</b> {@code IDLE} (no registration; the next send connects) → {@code CONNECTING}
 * (lookup + CreateProducer with retries) → {@code READY} → back to {@code CONNECTING} when the
 * broker lost the producer (NOT_FOUND, draining, health CLOSE). {@code CLOSED} is final. All state
 * is guarded by {@code lock}; gRPC calls are started outside it because a call may fail
 * synchronously on the calling thread.
 *
 * <p><b>SendMessage deadline.</b> Sends carry no per-call grpc deadline: that costs a timer
 * scheduled on the event loop and cancelled again for every message, plus a fresh {@code
 * grpc-timeout} header (its share of CPU is in docs/PERFORMANCE.md). Instead one {@code
 * deadlineSweep} per producer cancels, every quarter of the RPC timeout, the sends that have waited
 * longer than the timeout; they fail as DEADLINE_EXCEEDED and are retried like any other. So a send
 * gives up between 1 and 1.25 times the RPC timeout after it was issued.
 *
 * <p>Threads: {@code sendAsync} callers, the Netty event loop (responses), {@code danube-retry}
 * (backoff, health checks, the deadline sweep). User futures are completed on {@code
 * danube-callback-N}, or on the event loop when the client has direct callbacks.
 */
final class PartitionProducer {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionProducer.class);

  /** After this many transient failures in a row a message also triggers a re-lookup. */
  private static final int RELOOKUP_AFTER_TRANSIENT_FAILURES = 3;

  private enum State {
    IDLE,
    CONNECTING,
    READY,
    CLOSED
  }

  /** One registration on a broker; {@code generation} tells stale responses apart. */
  private record Registration(
      long producerId, BrokerAddress address, Channel channel, long generation) {}

  /** A message handed to {@code send}, until its future completes. */
  private static final class Pending {
    final OutgoingMessage message;
    final CompletableFuture<MessageId> future;
    final long requestId;
    long firstFailureNanos;
    int failures;

    /** The current attempt's call, set once it is started; cancelled by the deadline sweep. */
    volatile ClientCall<StreamMessage, MessageResponse> call;

    volatile long issuedNanos;

    /** Set when the deadline sweep cancels the current attempt; cleared when it is resent. */
    volatile boolean timedOut;

    /** The key whose order this message keeps; null when unordered. */
    final String orderKey;

    Pending(
        OutgoingMessage message,
        CompletableFuture<MessageId> future,
        long requestId,
        boolean ordered) {
      this.message = message;
      this.future = future;
      this.requestId = requestId;
      this.orderKey = ordered ? message.routingKey() : null;
    }

    String key() {
      return orderKey;
    }
  }

  /** The schema id and version stamped on every message, resolved after creation. */
  record SchemaStamp(long schemaId, int version) {}

  private final ClientContext ctx;
  private final String topic;
  private final String producerName;
  private final ProducerConfig config;
  private final AtomicInteger pendingCounter;
  private final AtomicLong healthRequestIds = new AtomicLong();
  private final long sendBudgetNanos;

  /**
   * Sends retry until closed, and so must re-creations once the producer was registered: a
   * re-creation that gave up would fail the messages waiting for it.
   */
  private final boolean retryUntilClosed;

  private boolean everReady; // guarded by lock
  private volatile SchemaStamp schema;

  private final Object lock = new Object();
  private State state = State.IDLE;
  private Registration registration;
  private long generation;
  private long nextRequestId = 1;
  private long createRequestId = 1;
  private CompletableFuture<Void> connecting;
  private ScheduledFuture<?> healthTask;
  private ScheduledFuture<?> deadlineSweep;
  private final ArrayDeque<Pending> retryQueue = new ArrayDeque<>();
  private final ArrayDeque<Pending> ready = new ArrayDeque<>();
  private final Map<String, ArrayDeque<Pending>> blocked = new HashMap<>();
  private final Set<String> activeKeys = new java.util.HashSet<>();
  private final Set<Pending> inFlight = new LinkedHashSet<>();

  /** Failed retriably, waiting for the backoff timer; they keep their keys. */
  private final Set<Pending> backingOff = new LinkedHashSet<>();

  PartitionProducer(
      ClientContext ctx,
      String topic,
      String producerName,
      ProducerConfig config,
      AtomicInteger pendingCounter) {
    this.ctx = ctx;
    this.topic = topic;
    this.producerName = producerName;
    this.config = config;
    this.pendingCounter = pendingCounter;
    this.retryUntilClosed = ProducerConfig.RETRY_UNTIL_CLOSED.equals(config.sendRetryBudget());
    this.sendBudgetNanos =
        config.sendRetryBudget() == null
            ? ctx.retry().budgetNanos()
            : config.sendRetryBudget().toNanos();
  }

  String topic() {
    return topic;
  }

  void setSchema(SchemaStamp stamp) {
    this.schema = stamp;
  }

  /** Registers on the broker (if not already connecting); completes when READY or failed. */
  CompletableFuture<Void> connect() {
    CompletableFuture<Void> cf;
    boolean forever;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return CompletableFuture.failedFuture(new ProducerClosedException(topic));
      }
      if (state == State.CONNECTING) {
        return connecting;
      }
      state = State.CONNECTING;
      registration = null;
      cf = new CompletableFuture<>();
      connecting = cf;
      forever = retryUntilClosed && everReady;
    }
    attemptCreate(
        0, forever ? Long.MAX_VALUE : System.nanoTime() + ctx.retry().budgetNanos(), forever, cf);
    return cf;
  }

  private void attemptCreate(
      int attempt, long deadline, boolean forever, CompletableFuture<Void> cf) {
    synchronized (lock) {
      if (state == State.CLOSED) {
        cf.completeExceptionally(new ProducerClosedException(topic));
        return;
      }
    }
    ctx.lookup()
        .lookup(topic)
        .thenCompose(this::createOn)
        .whenComplete(
            (reg, err) -> {
              if (err == null) {
                onRegistered(reg, cf);
                return;
              }
              if (RetryPolicy.classify(err) == RetryPolicy.Action.FAIL && !forever) {
                onConnectFailed(StatusMapper.map(err, "CreateProducer", topic), cf);
                return;
              }
              long delay = ctx.retry().backoffNanos(attempt);
              if (forever && (attempt == 0 || attempt % 10 == 9)) {
                LOG.warn(
                    "Re-creating producer {} on {} failed ({}); messages wait, retry {} in {} ms",
                    producerName,
                    topic,
                    StatusMapper.brief(err),
                    attempt + 1,
                    TimeUnit.NANOSECONDS.toMillis(delay));
              } else if (!forever && System.nanoTime() + delay > deadline) {
                onConnectFailed(
                    StatusMapper.budgetExhausted(
                        err, "CreateProducer", topic, attempt + 1, ctx.config().retryBudget()),
                    cf);
                return;
              }
              LOG.debug(
                  "CreateProducer for {} failed ({}), retry {} in {} ms",
                  topic,
                  StatusMapper.brief(err),
                  attempt + 1,
                  TimeUnit.NANOSECONDS.toMillis(delay));
              if (!ctx.schedule(
                  () -> attemptCreate(Math.min(attempt + 1, 30), deadline, forever, cf), delay)) {
                onConnectFailed(ClientContext.closedError("CreateProducer", topic), cf);
              }
            });
  }

  private CompletableFuture<Registration> createOn(BrokerAddress address) {
    Channel channel = ctx.channels().channel(address);
    ProducerRequest.Builder req =
        ProducerRequest.newBuilder()
            .setRequestId(nextCreateRequestId())
            .setProducerName(producerName)
            .setTopicName(topic)
            .setProducerAccessMode(
                config.accessMode() == io.dsm.danube.client.AccessMode.EXCLUSIVE
                    ? ProducerAccessMode.Exclusive
                    : ProducerAccessMode.Shared)
            .setDispatchStrategy(
                config.dispatchStrategy() == io.dsm.danube.client.DispatchStrategy.RELIABLE
                    ? DispatchStrategy.Reliable
                    : DispatchStrategy.NonReliable);
    SchemaRef ref = config.schemaRef();
    if (ref != null) {
      SchemaReference.Builder sr = SchemaReference.newBuilder().setSubject(ref.subject());
      if (ref.pinnedVersion() > 0) {
        sr.setPinnedVersion(ref.pinnedVersion());
      } else if (ref.minVersion() > 0) {
        sr.setMinVersion(ref.minVersion());
      } else {
        sr.setUseLatest(true);
      }
      req.setSchemaRef(sr);
    }
    ProducerServiceGrpc.ProducerServiceStub stub =
        ProducerServiceGrpc.newStub(channel)
            .withDeadlineAfter(ctx.rpcTimeoutMillis(), TimeUnit.MILLISECONDS);
    return Calls.unary(stub::createProducer, req.build())
        .thenApply(
            (ProducerResponse resp) -> new Registration(resp.getProducerId(), address, channel, 0));
  }

  private long nextCreateRequestId() {
    synchronized (lock) {
      return createRequestId++;
    }
  }

  private void onRegistered(Registration reg, CompletableFuture<Void> cf) {
    List<Pending> toSend;
    Registration current;
    synchronized (lock) {
      if (state == State.CLOSED) {
        cf.completeExceptionally(new ProducerClosedException(topic));
        return;
      }
      generation++;
      registration = new Registration(reg.producerId(), reg.address(), reg.channel(), generation);
      state = State.READY;
      everReady = true;
      connecting = null;
      current = registration;
      toSend = pump();
      if (healthTask == null) {
        healthTask = ctx.every(ctx.config().healthCheckInterval(), this::healthCheck);
      }
      if (deadlineSweep == null) {
        deadlineSweep =
            ctx.every(
                java.time.Duration.ofNanos(Math.max(1_000_000L, rpcTimeoutNanos() / 4)),
                this::cancelOverdueSends);
      }
    }
    LOG.debug(
        "producer {} registered on {} as id {}",
        producerName,
        reg.address().connectUrl(),
        Long.toUnsignedString(reg.producerId()));
    issue(toSend, current);
    cf.complete(null);
  }

  private void onConnectFailed(DanubeException error, CompletableFuture<Void> cf) {
    List<Pending> failed = new ArrayList<>();
    synchronized (lock) {
      if (state != State.CLOSED) {
        state = State.IDLE;
      }
      connecting = null;
      failed.addAll(retryQueue);
      failed.addAll(ready);
      blocked.values().forEach(failed::addAll);
      retryQueue.clear();
      ready.clear();
      blocked.clear();
      activeKeys.clear();
      // messages in flight on an old registration or backing off keep their keys; they come back
      for (Pending p : inFlight) {
        if (p.key() != null) {
          activeKeys.add(p.key());
        }
      }
      for (Pending p : backingOff) {
        if (p.key() != null) {
          activeKeys.add(p.key());
        }
      }
    }
    LOG.warn("{}", error.getMessage());
    for (Pending p : failed) {
      complete(p, null, error);
    }
    cf.completeExceptionally(error);
  }

  /** Queues one message; never blocks. */
  CompletableFuture<MessageId> send(OutgoingMessage message) {
    CompletableFuture<MessageId> future = new CompletableFuture<>();
    pendingCounter.incrementAndGet();
    List<Pending> toSend;
    Registration current;
    boolean needConnect = false;
    synchronized (lock) {
      if (state == State.CLOSED) {
        pendingCounter.decrementAndGet();
        future.completeExceptionally(new ProducerClosedException(topic));
        return future;
      }
      Pending p =
          new Pending(message, future, nextRequestId++, config.ordering() == KeyOrdering.PER_KEY);
      String key = p.key();
      if (key != null && !activeKeys.add(key)) {
        blocked.computeIfAbsent(key, k -> new ArrayDeque<>()).add(p);
      } else {
        ready.add(p);
      }
      needConnect = state == State.IDLE;
      toSend = pump();
      current = registration;
    }
    if (needConnect) {
      connect();
    }
    issue(toSend, current);
    return future;
  }

  /** Moves sendable messages into flight; caller holds the lock and issues the result. */
  private List<Pending> pump() {
    if (state != State.READY) {
      return List.of();
    }
    int max = config.maxInFlightPerPartition();
    List<Pending> out = null;
    while (inFlight.size() < max) {
      Pending p = retryQueue.poll();
      if (p == null) {
        p = ready.poll();
      }
      if (p == null) {
        break;
      }
      inFlight.add(p);
      if (out == null) {
        out = new ArrayList<>();
      }
      out.add(p);
    }
    return out == null ? List.of() : out;
  }

  private void issue(List<Pending> toSend, Registration reg) {
    if (toSend.isEmpty()) {
      return;
    }
    SchemaStamp stamp = schema;
    for (Pending p : toSend) {
      StreamMessage.Builder msg =
          StreamMessage.newBuilder()
              .setRequestId(p.requestId)
              .setMsgId(
                  MsgID.newBuilder()
                      .setProducerId(reg.producerId())
                      .setTopicName(topic)
                      .setBrokerAddr(reg.address().brokerUrl()))
              .setPayload(com.google.protobuf.UnsafeByteOperations.unsafeWrap(p.message.payload()))
              .setPublishTime(System.currentTimeMillis())
              .setProducerName(producerName)
              .putAllAttributes(p.message.attributes());
      if (p.message.routingKey() != null) {
        msg.setRoutingKey(p.message.routingKey());
      }
      if (stamp != null) {
        msg.setSchemaId(stamp.schemaId()).setSchemaVersion(stamp.version());
      }
      long gen = reg.generation();
      long producerId = reg.producerId();
      try {
        ClientCall<StreamMessage, MessageResponse> call =
            reg.channel().newCall(ProducerServiceGrpc.getSendMessageMethod(), CallOptions.DEFAULT);
        p.timedOut = false;
        p.issuedNanos = System.nanoTime();
        p.call = call;
        ClientCalls.asyncUnaryCall(
            call,
            msg.build(),
            new StreamObserver<>() {
              private boolean done;

              @Override
              public void onNext(MessageResponse value) {
                done = true;
                onSent(p, producerId);
              }

              @Override
              public void onError(Throwable t) {
                onSendFailed(p, gen, t);
              }

              @Override
              public void onCompleted() {
                if (!done) {
                  onSendFailed(
                      p,
                      gen,
                      io.grpc.Status.INTERNAL
                          .withDescription("SendMessage completed without a response")
                          .asRuntimeException());
                }
              }
            });
      } catch (RuntimeException e) {
        onSendFailed(p, gen, e);
      }
    }
  }

  private void onSent(Pending p, long producerId) {
    List<Pending> toSend;
    Registration current;
    synchronized (lock) {
      if (!inFlight.remove(p)) {
        return; // already failed by close()
      }
      releaseKey(p);
      toSend = pump();
      current = registration;
    }
    complete(p, new MessageId(topic, producerId, p.requestId), null);
    if (current != null) {
      issue(toSend, current);
    }
  }

  private long rpcTimeoutNanos() {
    return TimeUnit.MILLISECONDS.toNanos(ctx.rpcTimeoutMillis());
  }

  /** Cancels every send that has waited longer than the RPC timeout (runs on danube-retry). */
  private void cancelOverdueSends() {
    long now = System.nanoTime();
    long timeout = rpcTimeoutNanos();
    List<ClientCall<StreamMessage, MessageResponse>> overdue = null;
    synchronized (lock) {
      for (Pending p : inFlight) {
        ClientCall<StreamMessage, MessageResponse> call = p.call;
        if (call != null && now - p.issuedNanos > timeout) {
          p.timedOut = true;
          if (overdue == null) {
            overdue = new ArrayList<>();
          }
          overdue.add(call);
        }
      }
    }
    if (overdue != null) {
      for (ClientCall<StreamMessage, MessageResponse> call : overdue) {
        call.cancel("SendMessage deadline exceeded", null); // outside the lock: may call back
      }
    }
  }

  private void onSendFailed(Pending p, long gen, Throwable failure) {
    // Only our own cancellation means "deadline": an answer that raced the sweep keeps its status.
    Throwable error =
        p.timedOut
                && io.grpc.Status.fromThrowable(failure).getCode() == io.grpc.Status.Code.CANCELLED
            ? io.grpc.Status.DEADLINE_EXCEEDED
                .withDescription(
                    "SendMessage got no answer within " + ctx.rpcTimeoutMillis() + " ms")
                .asRuntimeException()
            : failure;
    RetryPolicy.Action action = RetryPolicy.classify(error);
    DanubeException fatal = null;
    List<Pending> toSend = List.of();
    Registration current;
    boolean reconnect = false;
    boolean retrying = false;
    long retryDelay = -1;
    synchronized (lock) {
      if (!inFlight.remove(p)) {
        return; // already failed by close()
      }
      long now = System.nanoTime();
      if (action == RetryPolicy.Action.FAIL) {
        releaseKey(p);
        fatal = StatusMapper.map(error, "SendMessage", topic);
      } else {
        if (p.failures++ == 0) {
          p.firstFailureNanos = now;
        }
        long delay =
            action == RetryPolicy.Action.RETRY ? ctx.retry().backoffNanos(p.failures - 1) : 0;
        if (now + delay - p.firstFailureNanos > sendBudgetNanos) {
          releaseKey(p);
          fatal =
              StatusMapper.budgetExhausted(
                  error, "SendMessage", topic, p.failures, ctx.config().retryBudget());
        } else {
          boolean relookup =
              action == RetryPolicy.Action.RECONNECT
                  || p.failures % RELOOKUP_AFTER_TRANSIENT_FAILURES == 0;
          if (relookup && gen == generation && state == State.READY) {
            LOG.info(
                "SendMessage for {} failed ({}); re-looking up and re-creating producer {}",
                topic,
                StatusMapper.brief(error),
                producerName);
            reconnect = true;
          }
          if (action == RetryPolicy.Action.RECONNECT) {
            retryQueue.add(p); // resent right after the re-creation
          } else {
            retryDelay = delay;
            backingOff.add(p);
          }
          retrying = true;
          reconnect |= state == State.IDLE;
        }
      }
      toSend = pump();
      current = registration;
    }
    if (fatal != null) {
      complete(p, null, fatal);
    }
    if (retrying) {
      notifyRetry(error);
    }
    if (current != null) {
      issue(toSend, current);
    }
    if (retryDelay >= 0 && !ctx.schedule(() -> requeue(p), retryDelay)) {
      boolean mine;
      synchronized (lock) {
        mine = backingOff.remove(p);
      }
      if (mine) {
        complete(p, null, new ProducerClosedException(topic));
      }
    }
    if (reconnect) {
      reconnect(gen);
    }
  }

  private void notifyRetry(Throwable error) {
    SendRetryListener listener = config.retryListener();
    if (listener == null) {
      return;
    }
    try {
      listener.onRetry(topic, io.grpc.Status.fromThrowable(error).getCode().name());
    } catch (RuntimeException e) {
      LOG.debug("SendRetryListener for {} threw; ignored", topic, e);
    }
  }

  private void requeue(Pending p) {
    List<Pending> toSend;
    Registration current;
    boolean needConnect;
    synchronized (lock) {
      if (!backingOff.remove(p)) {
        return; // failed by close()
      }
      retryQueue.add(p);
      needConnect = state == State.IDLE;
      toSend = pump();
      current = registration;
    }
    if (needConnect) {
      connect();
    }
    if (current != null) {
      issue(toSend, current);
    }
  }

  /** Drops the registration of {@code gen} (if still current) and registers anew. */
  private void reconnect(long gen) {
    synchronized (lock) {
      if (state == State.CLOSED
          || state == State.CONNECTING
          || (state == State.READY && gen != generation)) {
        return;
      }
    }
    connect();
  }

  private void healthCheck() {
    Registration reg;
    synchronized (lock) {
      if (state != State.READY) {
        return;
      }
      reg = registration;
    }
    Calls.healthCheck(
            reg.channel(),
            HealthCheckRequest.ClientType.Producer,
            reg.producerId(),
            healthRequestIds.incrementAndGet(),
            ctx.rpcTimeoutMillis())
        .whenComplete(
            (resp, err) -> {
              if (err != null) {
                LOG.debug("HealthCheck for producer on {} failed: {}", topic, err.toString());
              } else if (resp.getStatus() == HealthCheckResponse.ClientStatus.CLOSE) {
                LOG.info(
                    "HealthCheck said CLOSE for producer {} on {}; re-creating",
                    producerName,
                    topic);
                reconnect(reg.generation());
              }
            });
  }

  /** The next message of the same key becomes ready, or the key goes idle. */
  private void releaseKey(Pending p) {
    String key = p.key();
    if (key == null) {
      return;
    }
    ArrayDeque<Pending> waiting = blocked.get(key);
    Pending next = waiting == null ? null : waiting.poll();
    if (next == null) {
      activeKeys.remove(key);
      blocked.remove(key);
    } else {
      ready.add(next);
      if (waiting.isEmpty()) {
        blocked.remove(key);
      }
    }
  }

  private void complete(Pending p, MessageId id, Throwable error) {
    pendingCounter.decrementAndGet();
    try {
      ctx.callbackExecutor()
          .execute(
              () -> {
                if (error == null) {
                  p.future.complete(id);
                } else {
                  p.future.completeExceptionally(error);
                }
              });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      p.future.completeExceptionally(error == null ? new ProducerClosedException(topic) : error);
    }
  }

  /** Fails everything not yet acknowledged. Idempotent. */
  void close() {
    List<Pending> failed = new ArrayList<>();
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      registration = null;
      failed.addAll(inFlight);
      failed.addAll(backingOff);
      failed.addAll(retryQueue);
      failed.addAll(ready);
      blocked.values().forEach(failed::addAll);
      inFlight.clear();
      backingOff.clear();
      retryQueue.clear();
      ready.clear();
      blocked.clear();
      activeKeys.clear();
      if (healthTask != null) {
        healthTask.cancel(false);
      }
      if (deadlineSweep != null) {
        deadlineSweep.cancel(false);
      }
      if (connecting != null) {
        connecting.completeExceptionally(new ProducerClosedException(topic));
      }
    }
    ProducerClosedException closed = new ProducerClosedException(topic);
    for (Pending p : failed) {
      complete(p, null, closed);
    }
  }
}
