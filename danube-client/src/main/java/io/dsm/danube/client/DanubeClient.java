/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.concurrent.CompletableFuture;

/**
 * Entry point of the Danube client: owns the gRPC channels (one per broker address), the callback
 * and retry executors and the health-check loop. Create one per application with {@link
 * DanubeClients#create(DanubeClientConfig)}; it is thread-safe.
 *
 * <p>Threads it creates: {@code danube-callback-1} (completes every future this API returns, one at
 * a time, so a producer's completions are seen in the order the broker answered; callbacks must not
 * block), {@code danube-retry} (scheduled backoff and health checks). gRPC I/O runs on grpc-netty's
 * event loop; the client does its bookkeeping there and never blocks on it.
 *
 * <p>Every unary RPC has the deadline {@link DanubeClientConfig#rpcTimeout()}; the long-lived
 * {@code ReceiveMessages} stream has none.
 */
public interface DanubeClient extends AutoCloseable {

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

  SchemaRegistryClient schemaRegistry();

  /** Closes producers, consumers and channels. Idempotent. */
  @Override
  void close();
}
