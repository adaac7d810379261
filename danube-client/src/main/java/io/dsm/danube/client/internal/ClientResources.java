/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.DanubeClientConfig;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads and channels a {@link DefaultDanubeClient} or {@link DefaultAdminClient} owns: the
 * I/O loop, the channel pool, the callback thread and the retry thread, and their shutdown in the
 * order that releases every waiter.
 */
final class ClientResources {
  final IoEventLoop io;
  final ChannelPool channels;
  final ExecutorService callbackExecutor;
  final ScheduledThreadPoolExecutor scheduler;
  private final DanubeClientConfig config;

  /**
   * @param threadPrefix {@code danube} or {@code danube-admin}: names the {@code -callback} and
   *     {@code -retry} threads
   * @throws IllegalArgumentException when the token is blank or the TLS files are unusable
   */
  ClientResources(DanubeClientConfig config, boolean tls, String threadPrefix, boolean numbered) {
    if (config.token() != null && config.token().isBlank()) {
      throw new IllegalArgumentException("the Danube token is blank");
    }
    this.config = config;
    this.io = new IoEventLoop();
    try {
      this.channels = new ChannelPool(tls, config.tls(), config.token(), io);
    } catch (RuntimeException e) {
      io.close(); // unusable TLS files: nothing else was started
      throw e;
    }
    this.callbackExecutor =
        Executors.newSingleThreadExecutor(new NamedThreads(threadPrefix + "-callback", numbered));
    this.scheduler =
        new ScheduledThreadPoolExecutor(1, new NamedThreads(threadPrefix + "-retry", false));
    this.scheduler.setRemoveOnCancelPolicy(true);
  }

  /**
   * The context of calls made through these resources, completing user futures on {@code
   * callbacks}.
   */
  ClientContext context(BrokerAddress serviceAddress, TopicLookup lookup, Executor callbacks) {
    return new ClientContext(
        config,
        serviceAddress,
        channels,
        lookup,
        new RetryPolicy(config.backoffBase(), config.backoffMax(), config.retryBudget()),
        callbacks,
        scheduler,
        ConcurrentHashMap.newKeySet());
  }

  /**
   * Stops timers and channels, fires {@code ctx}'s pending backoff timers (they fail fast on the
   * closed channels) and gives the callback thread 2 s to deliver those failures.
   */
  void close(ClientContext ctx) {
    scheduler.shutdownNow();
    channels.close();
    io.close();
    ctx.fireRemainingTimers();
    callbackExecutor.shutdown();
    try {
      if (!callbackExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
        callbackExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      callbackExecutor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
