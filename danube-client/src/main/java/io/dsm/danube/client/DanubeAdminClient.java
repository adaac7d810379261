/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The namespace part of Danube's admin API, spoken to a broker's <em>admin</em> port (50051 by
 * default in Danube), not the service URL. Danube creates topics only in existing namespaces, and
 * namespaces only through this API (or its {@code bootstrap_namespaces} at start). Create one with
 * {@link DanubeClients#createAdmin(String, DanubeClientConfig)}; it is thread safe.
 *
 * <p>Every call has the deadline {@link DanubeClientConfig#rpcTimeout()} and is retried on
 * transient failures (UNAVAILABLE, DEADLINE_EXCEEDED, ...) within {@link
 * DanubeClientConfig#retryBudget()}. Futures complete on the admin client's own {@code
 * danube-admin-callback} thread; callbacks must not block it for long.
 *
 * <p>Threads it creates: {@code danube-io} (network I/O), {@code danube-admin-callback} and {@code
 * danube-admin-retry}; {@link #close()} stops them.
 */
public interface DanubeAdminClient extends AutoCloseable {

  /** The admin URL this client talks to, as given. */
  String adminUrl();

  /**
   * Creates a namespace.
   *
   * <p>Completes normally once created. Completes exceptionally with a {@link DanubeException} when
   * the broker refuses, including when the namespace exists: Danube v0.15.1 answers that with
   * NOT_FOUND {@code Unable to create the namespace <ns> due to Namespace <ns> already exists.}
   * (use {@link #createNamespaceIfAbsent} when that is fine), or when the retry budget ran out.
   *
   * @throws IllegalArgumentException when {@code namespace} is not a Danube namespace name
   *     (letters, digits, '_' or '-'): such a namespace could never hold a topic
   */
  CompletableFuture<Void> createNamespace(String namespace);

  /**
   * Creates a namespace unless it exists. Completes with {@code true} when this call created it,
   * {@code false} when it existed (checked with {@link #listNamespaces()} after Danube's refusal,
   * so it does not depend on the refusal's text); exceptionally with a {@link DanubeException} for
   * any other failure.
   *
   * @throws IllegalArgumentException when {@code namespace} is not a Danube namespace name
   */
  CompletableFuture<Boolean> createNamespaceIfAbsent(String namespace);

  /**
   * Makes sure every namespace in {@code namespaces} exists. Completes with the ones this call
   * created (in the given order; empty when all existed), or exceptionally with the first {@link
   * DanubeException}.
   *
   * @throws IllegalArgumentException when a name is not a Danube namespace name
   */
  CompletableFuture<List<String>> ensureNamespaces(Collection<String> namespaces);

  /**
   * The cluster's namespaces, each once, in the broker's order. (Danube's ListNamespaces repeats a
   * namespace once per topic it holds; this list does not.) Completes exceptionally with a {@link
   * DanubeException} when the call fails.
   */
  CompletableFuture<List<String>> listNamespaces();

  /** Closes the connection and the client's threads. Idempotent. */
  @Override
  void close();
}
