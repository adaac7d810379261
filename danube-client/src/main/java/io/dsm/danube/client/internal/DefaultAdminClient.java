/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.DanubeAdminClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.proto.admin.BrokerAdminGrpc;
import io.dsm.danube.proto.admin.Empty;
import io.dsm.danube.proto.admin.NamespaceAdminGrpc;
import io.dsm.danube.proto.admin.NamespaceRequest;
import io.grpc.Channel;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Namespace calls on a broker's admin port: its own channel and threads, the deadline and retry
 * budget of the {@link DanubeClientConfig} it was given.
 */
public final class DefaultAdminClient implements DanubeAdminClient {
  /** Danube's default admin port. */
  static final int DEFAULT_ADMIN_PORT = 50051;

  private final String adminUrl;
  private final IoEventLoop io;
  private final ChannelPool channels;
  private final Channel channel;
  private final ExecutorService callbackExecutor;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ClientContext ctx;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @throws IllegalArgumentException when the URL is malformed, a token would go in clear text, or
   *     the TLS files are unusable
   */
  public DefaultAdminClient(String adminUrl, DanubeClientConfig config) {
    this.adminUrl = Objects.requireNonNull(adminUrl, "adminUrl");
    Objects.requireNonNull(config, "config");
    String dialUrl = withDefaultPort(adminUrl);
    boolean tls = BrokerAddress.HostPort.parse(dialUrl).https();
    if (config.token() != null && !tls) {
      throw new IllegalArgumentException(
          "a Danube token is configured but the admin URL "
              + adminUrl
              + " is not https: the token would be sent in clear text. Serve Danube's admin port"
              + " over TLS (admin_tls: true) and use an https:// admin URL");
    }
    if (config.token() != null && config.token().isBlank()) {
      throw new IllegalArgumentException("the Danube token is blank");
    }
    this.io = new IoEventLoop();
    try {
      this.channels = new ChannelPool(tls, config.tls(), config.token(), io);
    } catch (RuntimeException e) {
      io.close();
      throw e;
    }
    BrokerAddress address = BrokerAddress.direct(dialUrl);
    this.channel = channels.channel(address);
    this.callbackExecutor =
        Executors.newSingleThreadExecutor(new NamedThreads("danube-admin-callback", false));
    this.scheduler =
        new ScheduledThreadPoolExecutor(1, new NamedThreads("danube-admin-retry", false));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.ctx =
        new ClientContext(
            config,
            address,
            channels,
            null, // no topic lookups on the admin port
            new RetryPolicy(config.backoffBase(), config.backoffMax(), config.retryBudget()),
            callbackExecutor,
            scheduler,
            ConcurrentHashMap.newKeySet());
  }

  /** Danube's admin port is 50051 unless the URL names one. */
  static String withDefaultPort(String url) {
    String trimmed = url.trim();
    String withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed;
    try {
      URI uri = URI.create(withScheme);
      if (uri.getHost() != null && uri.getPort() < 0) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + DEFAULT_ADMIN_PORT;
      }
    } catch (IllegalArgumentException e) {
      // Reported with the setting's context by BrokerAddress.HostPort.parse.
    }
    return withScheme;
  }

  @Override
  public String adminUrl() {
    return adminUrl;
  }

  private NamespaceAdminGrpc.NamespaceAdminStub namespaceStub() {
    return NamespaceAdminGrpc.newStub(channel)
        .withDeadlineAfter(ctx.rpcTimeoutMillis(), TimeUnit.MILLISECONDS);
  }

  private BrokerAdminGrpc.BrokerAdminStub brokerStub() {
    return BrokerAdminGrpc.newStub(channel)
        .withDeadlineAfter(ctx.rpcTimeoutMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<Void> createNamespace(String namespace) {
    checkName(namespace);
    ensureOpen();
    return ctx.onCallbackThread(createInternal(namespace));
  }

  private CompletableFuture<Void> createInternal(String namespace) {
    NamespaceRequest req = NamespaceRequest.newBuilder().setName(namespace).build();
    return retrying(
        "CreateNamespace",
        "namespace " + namespace,
        () -> Calls.unary(namespaceStub()::createNamespace, req).thenApply(r -> (Void) null));
  }

  @Override
  public CompletableFuture<Boolean> createNamespaceIfAbsent(String namespace) {
    checkName(namespace);
    ensureOpen();
    return ctx.onCallbackThread(createIfAbsentInternal(namespace));
  }

  private CompletableFuture<Boolean> createIfAbsentInternal(String namespace) {
    return createInternal(namespace)
        .thenApply(v -> Boolean.TRUE)
        .exceptionallyCompose(
            error -> {
              Throwable refused = StatusMapper.unwrap(error);
              if (!(refused instanceof DanubeException d) || d.status() != DanubeStatus.NOT_FOUND) {
                return CompletableFuture.failedFuture(refused);
              }
              // Danube refuses an existing namespace with NOT_FOUND; ask instead of parsing text.
              return listInternal()
                  .thenApply(
                      existing -> {
                        if (existing.contains(namespace)) {
                          return Boolean.FALSE;
                        }
                        throw new CompletionException(refused);
                      });
            });
  }

  @Override
  public CompletableFuture<List<String>> ensureNamespaces(Collection<String> namespaces) {
    List<String> wanted = List.copyOf(new LinkedHashSet<>(namespaces));
    wanted.forEach(DefaultAdminClient::checkName);
    ensureOpen();
    CompletableFuture<List<String>> created =
        listInternal()
            .thenCompose(
                existing -> {
                  List<String> missing = new ArrayList<>();
                  for (String ns : wanted) {
                    if (!existing.contains(ns)) {
                      missing.add(ns);
                    }
                  }
                  List<CompletableFuture<Boolean>> calls = new ArrayList<>();
                  for (String ns : missing) {
                    calls.add(createIfAbsentInternal(ns));
                  }
                  return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                      .thenApply(
                          v -> {
                            List<String> out = new ArrayList<>();
                            for (int i = 0; i < missing.size(); i++) {
                              if (calls.get(i).join()) {
                                out.add(missing.get(i));
                              }
                            }
                            return List.copyOf(out);
                          });
                });
    return ctx.onCallbackThread(created);
  }

  @Override
  public CompletableFuture<List<String>> listNamespaces() {
    ensureOpen();
    return ctx.onCallbackThread(listInternal());
  }

  private CompletableFuture<List<String>> listInternal() {
    return retrying(
        "ListNamespaces",
        "admin " + adminUrl,
        () ->
            Calls.unary(brokerStub()::listNamespaces, Empty.getDefaultInstance())
                .thenApply(r -> List.copyOf(new LinkedHashSet<>(r.getNamespacesList()))));
  }

  /**
   * Retries transient failures only. Unlike producer calls, an admin call has no registration to
   * re-create, so the NOT_FOUND "does not exist(s)" answers are final here.
   */
  private <T> CompletableFuture<T> retrying(
      String rpc, String target, Supplier<CompletableFuture<T>> attempt) {
    CompletableFuture<T> result = new CompletableFuture<>();
    run(rpc, target, attempt, result, 0, System.nanoTime() + ctx.retry().budgetNanos());
    return result;
  }

  private <T> void run(
      String rpc,
      String target,
      Supplier<CompletableFuture<T>> attempt,
      CompletableFuture<T> result,
      int n,
      long deadline) {
    CompletableFuture<T> f;
    try {
      f = attempt.get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (v, e) -> {
          if (e == null) {
            result.complete(v);
            return;
          }
          if (RetryPolicy.classify(e) != RetryPolicy.Action.RETRY) {
            result.completeExceptionally(StatusMapper.map(e, rpc, target));
            return;
          }
          long delay = ctx.retry().backoffNanos(n);
          if (System.nanoTime() + delay > deadline) {
            result.completeExceptionally(
                StatusMapper.budgetExhausted(e, rpc, target, n + 1, ctx.config().retryBudget()));
            return;
          }
          if (!ctx.schedule(() -> run(rpc, target, attempt, result, n + 1, deadline), delay)) {
            result.completeExceptionally(ClientContext.closedError(rpc, target));
          }
        });
  }

  static void checkName(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isEmpty()
        || !namespace
            .codePoints()
            .allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
      throw new IllegalArgumentException(
          "namespace '"
              + namespace
              + "' is not a Danube namespace name: use letters, digits, '_' or '-'");
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("Danube admin client is closed");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
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

  @Override
  public String toString() {
    return "DanubeAdminClient[" + adminUrl + "]";
  }
}
