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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Namespace calls on a broker's admin port: its own channel and threads, the deadline and retry
 * budget of the {@link DanubeClientConfig} it was given.
 */
public final class DefaultAdminClient implements DanubeAdminClient {
  /** Danube's default admin port. */
  static final int DEFAULT_ADMIN_PORT = 50051;

  private final String adminUrl;
  private final ClientResources resources;
  private final Channel channel;
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
    this.resources = new ClientResources(config, tls, "danube-admin", false);
    BrokerAddress address = BrokerAddress.direct(dialUrl);
    this.channel = resources.channels.channel(address);
    // no topic lookups on the admin port
    this.ctx = resources.context(address, null, resources.callbackExecutor);
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
    return onNamespace(namespace, this::createInternal);
  }

  /** Checks the name and the client, then runs {@code call}; completes on the callback thread. */
  private <T> CompletableFuture<T> onNamespace(
      String namespace, Function<String, CompletableFuture<T>> call) {
    checkName(namespace);
    ensureOpen();
    return ctx.onCallbackThread(call.apply(namespace));
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
    return onNamespace(namespace, this::createIfAbsentInternal);
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
    return ctx.withRetries(rpc, target, false, attempt);
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
    resources.close(ctx);
  }

  @Override
  public String toString() {
    return "DanubeAdminClient[" + adminUrl + "]";
  }
}
