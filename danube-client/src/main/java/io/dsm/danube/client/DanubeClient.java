/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Entry point of the Danube client: owns the gRPC channels (one per broker address), the callback
 * and retry executors and the health-check loop. Create one per application with {@link
 * DanubeClients#create(DanubeClientConfig)}; it is thread-safe.
 *
 * <p>Threads it creates: {@code danube-callback-1} (completes every future this API returns, one at
 * a time, so a producer's completions are seen in the order the broker answered; callbacks must not
 * block), {@code danube-retry} (scheduled backoff and health checks) and {@code danube-io} (one
 * Netty event loop doing the network I/O of every connection of this client; the client does its
 * bookkeeping there and never blocks on it).
 *
 * <p>Every unary RPC has the deadline {@link DanubeClientConfig#rpcTimeout()}; the long-lived
 * {@code ReceiveMessages} stream has none.
 */
public interface DanubeClient extends AutoCloseable {

  /** The settings this client was created with (after defaults were applied); immutable. */
  DanubeClientConfig config();

  /**
   * Looks the topic up and registers the producer (all partitions), retrying retriable failures
   * within the retry budget.
   *
   * <p>Completes normally with a ready producer; exceptionally with a {@link DanubeException}
   * naming the topic when creation failed permanently or the budget ran out.
   */
  CompletableFuture<DanubeProducer> createProducer(ProducerConfig config);

  /** Subscribes (to every partition of a partitioned topic). Same completion rules. */
  CompletableFuture<DanubeConsumer> subscribe(ConsumerConfig config);

  /** Partition topic names for a base name, as the broker's prefix search returns them. */
  CompletableFuture<java.util.List<String>> topicPartitions(String topic);

  /**
   * The broker's schema registry, reached over this client's channels with its token, deadlines and
   * retry budget. The same instance on every call; usable while the client is open.
   */
  SchemaRegistryClient schemaRegistry();

  /**
   * Runs tasks one at a time, in submission order, on the client's network thread {@code
   * danube-io}. A task that sends from there hands its request to the network without waking
   * another thread, and with {@link DanubeClientConfig#directCallbacks()} the answer's callbacks
   * run on the same thread: for a caller whose per-message work is short and never blocks, this
   * saves a thread hand-off per message. A task that blocks (or waits for an answer of this client)
   * stalls or deadlocks every call of the client. Tasks submitted after {@link #close()} are
   * rejected with {@link java.util.concurrent.RejectedExecutionException}.
   */
  Executor ioExecutor();

  /** Closes producers, consumers and channels. Idempotent. */
  @Override
  void close();
}
