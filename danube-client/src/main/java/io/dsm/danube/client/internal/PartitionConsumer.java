/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.danube.proto.AckRequest;
import io.dsm.danube.proto.ConsumerRequest;
import io.dsm.danube.proto.ConsumerServiceGrpc;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.HealthCheckResponse;
import io.dsm.danube.proto.MsgID;
import io.dsm.danube.proto.NackRequest;
import io.dsm.danube.proto.ReceiveRequest;
import io.dsm.danube.proto.StreamMessage;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription on one partition topic: Subscribe, then a ReceiveMessages stream with manual
 * flow control (one message requested at a time, only while the consumer's queue has room). The
 * stream has no deadline (it is meant to stay open); every unary call has one.
 *
 * <p>When the stream ends or fails, or the health check says CLOSE, it looks the topic up again and
 * resubscribes (Subscribe is idempotent by consumer name), backing off between failed attempts, for
 * as long as the consumer is open. A permanent Subscribe rejection (e.g. NOT_FOUND topic, Exclusive
 * conflict) stops it and is reported by {@link DefaultConsumer#receive}.
 */
final class PartitionConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionConsumer.class);

  private record Registration(long consumerId, BrokerAddress address, Channel channel, long gen) {}

  private final ClientContext ctx;
  private final String topic;
  private final ConsumerConfig config;
  private final DefaultConsumer owner;
  private final AtomicLong requestIds = new AtomicLong();

  private final Object lock = new Object();
  private Registration registration;
  private ClientCallStreamObserver<ReceiveRequest> stream;
  private long generation;
  private boolean resubscribing;
  private int failuresInARow;
  private boolean closed;
  private ScheduledFuture<?> healthTask;

  PartitionConsumer(ClientContext ctx, String topic, ConsumerConfig config, DefaultConsumer owner) {
    this.ctx = ctx;
    this.topic = topic;
    this.config = config;
    this.owner = owner;
  }

  String topic() {
    return topic;
  }

  /** First subscription: retried within the budget; fails the subscribe() future otherwise. */
  CompletableFuture<Void> start() {
    return ctx.withRetries("Subscribe", topic, this::subscribeOnce)
        .thenAccept(
            reg -> {
              synchronized (lock) {
                if (healthTask == null && !closed) {
                  healthTask = ctx.every(ctx.config().healthCheckInterval(), this::healthCheck);
                }
              }
            });
  }

  private CompletableFuture<Registration> subscribeOnce() {
    return ctx.lookup()
        .lookup(topic)
        .thenCompose(
            address -> {
              Channel channel = ctx.channels().channel(address);
              ConsumerRequest req =
                  ConsumerRequest.newBuilder()
                      .setRequestId(requestIds.incrementAndGet())
                      .setTopicName(topic)
                      .setConsumerName(config.consumerName())
                      .setSubscription(config.subscription())
                      .setSubscriptionTypeValue(config.type().ordinal())
                      .build();
              ConsumerServiceGrpc.ConsumerServiceStub stub =
                  ConsumerServiceGrpc.newStub(channel)
                      .withDeadlineAfter(ctx.rpcTimeoutMillis(), TimeUnit.MILLISECONDS);
              return Calls.unary(stub::subscribe, req)
                  .thenApply(resp -> openStream(resp.getConsumerId(), address, channel));
            });
  }

  private Registration openStream(long consumerId, BrokerAddress address, Channel channel) {
    Registration reg;
    synchronized (lock) {
      if (closed) {
        throw new DanubeException(
            "consumer on " + topic + " is closed", DanubeStatus.CLIENT, false, null);
      }
      generation++;
      reg = new Registration(consumerId, address, channel, generation);
      registration = reg;
      if (stream != null) {
        stream.cancel("resubscribed", null);
        stream = null;
      }
    }
    long gen = reg.gen();
    ReceiveRequest req =
        ReceiveRequest.newBuilder()
            .setRequestId(requestIds.incrementAndGet())
            .setConsumerId(consumerId)
            .build();
    ConsumerServiceGrpc.newStub(channel)
        .receiveMessages(
            req,
            new ClientResponseObserver<ReceiveRequest, StreamMessage>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<ReceiveRequest> requestStream) {
                requestStream.disableAutoRequestWithInitial(1);
                synchronized (lock) {
                  if (gen == generation && !closed) {
                    stream = requestStream;
                  }
                }
              }

              @Override
              public void onNext(StreamMessage value) {
                synchronized (lock) {
                  failuresInARow = 0;
                }
                owner.onMessage(PartitionConsumer.this, toReceived(value));
              }

              @Override
              public void onError(Throwable t) {
                streamEnded(gen, t);
              }

              @Override
              public void onCompleted() {
                streamEnded(gen, null);
              }
            });
    return reg;
  }

  /** Asks the current stream for one more message (flow control from the consumer's queue). */
  void requestOne() {
    ClientCallStreamObserver<ReceiveRequest> s;
    synchronized (lock) {
      s = stream;
    }
    if (s != null) {
      s.request(1);
    }
  }

  private void streamEnded(long gen, Throwable error) {
    synchronized (lock) {
      if (closed || gen != generation) {
        return;
      }
      stream = null;
    }
    LOG.info(
        "ReceiveMessages stream for {} ended ({}); resubscribing",
        topic,
        error == null ? "completed" : StatusMapper.brief(error));
    resubscribe();
  }

  private void resubscribe() {
    long delay;
    synchronized (lock) {
      if (closed || resubscribing) {
        return;
      }
      resubscribing = true;
      delay = ctx.retry().backoffNanos(failuresInARow);
    }
    ctx.schedule(this::resubscribeAttempt, delay);
  }

  private void resubscribeAttempt() {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    subscribeOnce()
        .whenComplete(
            (reg, err) -> {
              long delay;
              synchronized (lock) {
                if (err == null) {
                  resubscribing = false;
                  return;
                }
                if (closed) {
                  return;
                }
                if (RetryPolicy.classify(err) == RetryPolicy.Action.FAIL) {
                  resubscribing = false;
                  closed = true;
                } else {
                  delay = ctx.retry().backoffNanos(failuresInARow++);
                  ctx.schedule(this::resubscribeAttempt, delay);
                  return;
                }
              }
              DanubeException ex = StatusMapper.map(err, "Subscribe", topic);
              LOG.warn("consumer on {} stopped: {}", topic, ex.getMessage());
              owner.onFatal(ex);
            });
  }

  private void healthCheck() {
    Registration reg;
    synchronized (lock) {
      if (closed || resubscribing || registration == null) {
        return;
      }
      reg = registration;
    }
    Calls.healthCheck(
            reg.channel(),
            HealthCheckRequest.ClientType.Consumer,
            reg.consumerId(),
            requestIds.incrementAndGet(),
            ctx.rpcTimeoutMillis())
        .whenComplete(
            (resp, err) -> {
              if (err != null || resp.getStatus() != HealthCheckResponse.ClientStatus.CLOSE) {
                return;
              }
              synchronized (lock) {
                if (closed || reg.gen() != generation) {
                  return;
                }
                if (stream != null) {
                  stream.cancel("health check said CLOSE", null);
                  stream = null;
                }
                generation++; // the old stream's end is no longer ours to handle
              }
              LOG.info("HealthCheck said CLOSE for consumer on {}; resubscribing", topic);
              resubscribe();
            });
  }

  CompletableFuture<Void> ack(ReceivedMessage m) {
    return ctx.withRetries(
        "Ack",
        topic,
        () -> {
          Registration reg = current();
          AckRequest req =
              AckRequest.newBuilder()
                  .setRequestId(requestIds.incrementAndGet())
                  .setMsgId(msgId(m))
                  .setSubscriptionName(config.subscription())
                  .build();
          return Calls.unary(
                  ConsumerServiceGrpc.newStub(reg.channel())
                          .withDeadlineAfter(ctx.rpcTimeoutMillis(), TimeUnit.MILLISECONDS)
                      ::ack,
                  req)
              .thenApply(r -> (Void) null);
        });
  }

  CompletableFuture<Void> nack(ReceivedMessage m, Duration delay, String reason) {
    return ctx.withRetries(
        "Nack",
        topic,
        () -> {
          Registration reg = current();
          NackRequest.Builder req =
              NackRequest.newBuilder()
                  .setRequestId(requestIds.incrementAndGet())
                  .setMsgId(msgId(m))
                  .setSubscriptionName(config.subscription());
          if (delay != null) {
            req.setDelayMs(Math.max(0, delay.toMillis()));
          }
          if (reason != null) {
            req.setReason(reason);
          }
          return Calls.unary(
                  ConsumerServiceGrpc.newStub(reg.channel())
                          .withDeadlineAfter(ctx.rpcTimeoutMillis(), TimeUnit.MILLISECONDS)
                      ::nack,
                  req.build())
              .thenApply(r -> (Void) null);
        });
  }

  private Registration current() {
    synchronized (lock) {
      if (registration == null) {
        throw new DanubeException(
            "consumer on " + topic + " is not subscribed", DanubeStatus.UNAVAILABLE, true, null);
      }
      return registration;
    }
  }

  private static MsgID msgId(ReceivedMessage m) {
    return MsgID.newBuilder()
        .setProducerId(m.producerId())
        .setTopicName(m.topic())
        .setBrokerAddr(m.brokerAddr() == null ? "" : m.brokerAddr())
        .setTopicOffset(m.offset())
        .build();
  }

  private ReceivedMessage toReceived(StreamMessage m) {
    MsgID id = m.getMsgId();
    return new ReceivedMessage(
        id.getTopicName().isEmpty() ? topic : id.getTopicName(),
        id.getTopicOffset(),
        id.getProducerId(),
        m.getRequestId(),
        m.getPayload().toByteArray(),
        java.util.Map.copyOf(m.getAttributesMap()),
        m.hasRoutingKey() ? m.getRoutingKey() : null,
        m.getProducerName(),
        m.getPublishTime(),
        m.getSubscriptionName(),
        id.getBrokerAddr(),
        m.hasSchemaId() ? m.getSchemaId() : null,
        m.hasSchemaVersion() ? m.getSchemaVersion() : null);
  }

  void close() {
    ClientCallStreamObserver<ReceiveRequest> s;
    synchronized (lock) {
      if (closed && stream == null) {
        return;
      }
      closed = true;
      s = stream;
      stream = null;
      if (healthTask != null) {
        healthTask.cancel(false);
      }
    }
    if (s != null) {
      s.cancel("consumer closed", null);
    }
  }
}
