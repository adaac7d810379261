/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.SchemaRegistryClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Placeholder while the implementation is written (replaced in the same series of commits). */
public final class DefaultDanubeClient implements DanubeClient {
  private final DanubeClientConfig config;

  public DefaultDanubeClient(DanubeClientConfig config) {
    this.config = config;
  }

  @Override
  public DanubeClientConfig config() {
    return config;
  }

  @Override
  public CompletableFuture<DanubeProducer> createProducer(ProducerConfig config) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public CompletableFuture<DanubeConsumer> subscribe(ConsumerConfig config) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public CompletableFuture<List<String>> topicPartitions(String topic) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public SchemaRegistryClient schemaRegistry() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public void close() {}
}
