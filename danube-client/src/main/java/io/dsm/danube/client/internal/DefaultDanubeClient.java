/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.SchemaInfo;
import io.dsm.danube.client.SchemaRef;
import io.dsm.danube.client.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's composition root: channels, lookup, executors, and the producers and consumers it
 * created (closed with it).
 *
 * <p>Threads: {@code danube-callback-1} completes every user-visible future, one at a time, so
 * completions of one producer are observed in the order the broker answered; {@code danube-retry}
 * runs backoff timers and health checks; {@code danube-io} does all network I/O (see {@link
 * IoEventLoop}) and receives gRPC responses.
 */
public final class DefaultDanubeClient implements DanubeClient {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DefaultDanubeClient.class);
  private final DanubeClientConfig config;
  private final ClientContext ctx;
  private final ClientResources resources;
  private final DefaultSchemaRegistryClient registry;
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @throws IllegalArgumentException when the service URL is malformed, a token is configured
   *     without TLS, or the TLS files are unusable
   */
  public DefaultDanubeClient(DanubeClientConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    BrokerAddress.HostPort service = BrokerAddress.HostPort.parse(config.serviceUrl());
    boolean tls = config.tls().enabled() || service.https();
    if (config.token() != null && !tls) {
      throw new IllegalArgumentException(
          "a Danube token is configured but TLS is not: the token would be sent in clear text."
              + " Enable TLS (an https:// service URL or TlsConfig.enabled) or remove the token"
              + " (service URL "
              + config.serviceUrl()
              + ")");
    }
    this.resources = new ClientResources(config, tls, "danube", true);
    BrokerAddress serviceAddress = BrokerAddress.direct(config.serviceUrl());
    TopicLookup lookup =
        new TopicLookup(
            resources.channels.channel(serviceAddress),
            serviceAddress,
            Math.max(1, config.rpcTimeout().toMillis()));
    // Direct: completions run on the gRPC thread that got the answer (no hand-off).
    this.ctx =
        resources.context(
            serviceAddress,
            lookup,
            config.directCallbacks() ? Runnable::run : resources.callbackExecutor);
    this.registry = new DefaultSchemaRegistryClient(ctx);
  }

  @Override
  public DanubeClientConfig config() {
    return config;
  }

  @Override
  public CompletableFuture<DanubeProducer> createProducer(ProducerConfig pc) {
    ensureOpen();
    AtomicInteger pending = new AtomicInteger();
    List<PartitionProducer> parts = new ArrayList<>();
    if (pc.partitions() == 0) {
      parts.add(new PartitionProducer(ctx, pc.topic(), pc.producerName(), pc, pending));
    } else {
      for (int i = 0; i < pc.partitions(); i++) {
        parts.add(
            new PartitionProducer(
                ctx, pc.topic() + "-part-" + i, pc.producerName() + "-" + i, pc, pending));
      }
    }
    CompletableFuture<?>[] connects =
        parts.stream().map(PartitionProducer::connect).toArray(CompletableFuture[]::new);
    CompletableFuture<DanubeProducer> result =
        CompletableFuture.allOf(connects)
            .thenCompose(v -> resolveSchema(pc))
            .handle(
                (stamp, err) -> {
                  if (err != null) {
                    parts.forEach(PartitionProducer::close);
                    throw new java.util.concurrent.CompletionException(
                        StatusMapper.map(err, "CreateProducer", pc.topic()));
                  }
                  parts.forEach(p -> p.setSchema(stamp));
                  DefaultProducer[] holder = new DefaultProducer[1];
                  holder[0] =
                      new DefaultProducer(pc.topic(), parts, pending, () -> open.remove(holder[0]));
                  open.add(holder[0]);
                  if (closed.get()) {
                    holder[0].close();
                  }
                  return holder[0];
                });
    return ctx.onCallbackThread(result);
  }

  /** Resolves the schema reference to (schema id, version) the way Danube's clients do. */
  private CompletableFuture<PartitionProducer.SchemaStamp> resolveSchema(ProducerConfig pc) {
    SchemaRef ref = pc.schemaRef();
    if (ref == null) {
      return CompletableFuture.completedFuture(null);
    }
    return registry
        .latestInternal(ref.subject())
        .thenCompose(
            latest -> {
              SchemaInfo info =
                  latest.orElseThrow(
                      () ->
                          new DanubeException(
                              "schema subject '"
                                  + ref.subject()
                                  + "' of producer on "
                                  + pc.topic()
                                  + " is not registered",
                              DanubeStatus.NOT_FOUND,
                              false,
                              null));
              if (ref.pinnedVersion() > info.version() || ref.minVersion() > info.version()) {
                throw new DanubeException(
                    "schema subject '"
                        + ref.subject()
                        + "' has latest version "
                        + info.version()
                        + ", but the producer on "
                        + pc.topic()
                        + " asks for "
                        + (ref.pinnedVersion() > 0
                            ? "version " + ref.pinnedVersion()
                            : "at least version " + ref.minVersion()),
                    DanubeStatus.CLIENT,
                    false,
                    null);
              }
              if (ref.pinnedVersion() > 0 && ref.pinnedVersion() < info.version()) {
                return registry
                    .getInternal(info.schemaId(), ref.pinnedVersion())
                    .thenApply(s -> new PartitionProducer.SchemaStamp(s.schemaId(), s.version()));
              }
              return CompletableFuture.completedFuture(
                  new PartitionProducer.SchemaStamp(info.schemaId(), info.version()));
            });
  }

  @Override
  public CompletableFuture<DanubeConsumer> subscribe(ConsumerConfig cc) {
    ensureOpen();
    CompletableFuture<DanubeConsumer> result =
        ctx.withRetries("TopicPartitions", cc.topic(), () -> ctx.lookup().partitions(cc.topic()))
            .thenCompose(
                found -> {
                  List<String> topics = found.isEmpty() ? List.of(cc.topic()) : found;
                  DefaultConsumer[] holder = new DefaultConsumer[1];
                  holder[0] =
                      new DefaultConsumer(
                          ctx, cc.topic(), cc.receiveQueueCapacity(), () -> open.remove(holder[0]));
                  List<CompletableFuture<Void>> starts = new ArrayList<>();
                  for (String t : topics) {
                    PartitionConsumer pc = new PartitionConsumer(ctx, t, cc, holder[0]);
                    holder[0].add(pc);
                    starts.add(pc.start());
                  }
                  return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                      .handle(
                          (v, err) -> {
                            if (err != null) {
                              holder[0].close();
                              throw new java.util.concurrent.CompletionException(
                                  StatusMapper.map(err, "Subscribe", cc.topic()));
                            }
                            open.add(holder[0]);
                            if (closed.get()) {
                              holder[0].close();
                            }
                            return (DanubeConsumer) holder[0];
                          });
                });
    return ctx.onCallbackThread(result);
  }

  @Override
  public CompletableFuture<List<String>> topicPartitions(String topic) {
    ensureOpen();
    return ctx.onCallbackThread(
        ctx.withRetries("TopicPartitions", topic, () -> ctx.lookup().partitions(topic)));
  }

  @Override
  public Executor ioExecutor() {
    return resources.io.executor();
  }

  @Override
  public SchemaRegistryClient schemaRegistry() {
    return registry;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("Danube client is closed");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.debug("closing Danube client of {}", config.serviceUrl());
    for (AutoCloseable c : List.copyOf(open)) {
      try {
        c.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    resources.close(ctx);
    LOG.debug("closed Danube client of {}", config.serviceUrl());
  }
}
