/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What producers and consumers share inside one client: configuration, channels, lookup, retry
 * policy and the two executors ({@code danube-callback-N} completes user futures, {@code
 * danube-retry} runs backoff timers and health checks).
 */
record ClientContext(
    DanubeClientConfig config,
    BrokerAddress serviceAddress,
    ChannelPool channels,
    TopicLookup lookup,
    RetryPolicy retry,
    Executor callbackExecutor,
    ScheduledExecutorService scheduler,
    java.util.Set<Runnable> timers) {

  long rpcTimeoutMillis() {
    return Math.max(1, config.rpcTimeout().toMillis());
  }

  /**
   * Runs {@code task} after {@code delayNanos} on the retry thread; false when the client is closed
   * and the task will never run (the caller must then complete what waits on it).
   */
  boolean schedule(Runnable task, long delayNanos) {
    Runnable once =
        new Runnable() {
          @Override
          public void run() {
            if (timers.remove(this)) {
              task.run();
            }
          }
        };
    timers.add(once);
    try {
      scheduler.schedule(once, delayNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      timers.remove(once);
      return false;
    }
  }

  /**
   * On close: runs the backoff timers that have not fired yet, at once. They retry on closed
   * channels, fail fast and complete whatever future waited on them instead of leaving it hanging.
   */
  void fireRemainingTimers() {
    for (Runnable r : java.util.List.copyOf(timers)) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // keep going: every waiter must be released
      }
    }
  }

  /**
   * Runs {@code task} every {@code interval} on the retry thread; null once the client is closed.
   */
  java.util.concurrent.ScheduledFuture<?> every(java.time.Duration interval, Runnable task) {
    long nanos = Math.max(1, interval.toNanos());
    try {
      return scheduler.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return null;
    }
  }

  static io.dsm.danube.client.DanubeException closedError(String rpc, String topic) {
    return new io.dsm.danube.client.DanubeException(
        rpc + " for " + topic + " abandoned: the Danube client is closed",
        DanubeStatus.CLIENT,
        false,
        null);
  }

  /** Completes {@code target} from {@code source} on the callback executor. */
  <T> CompletableFuture<T> onCallbackThread(CompletableFuture<T> source) {
    CompletableFuture<T> target = new CompletableFuture<>();
    source.whenComplete(
        (v, e) -> {
          try {
            callbackExecutor.execute(
                () -> {
                  if (e != null) {
                    target.completeExceptionally(StatusMapper.unwrap(e));
                  } else {
                    target.complete(v);
                  }
                });
          } catch (java.util.concurrent.RejectedExecutionException rejected) {
            target.completeExceptionally(
                e != null ? StatusMapper.unwrap(e) : new IllegalStateException("client closed"));
          }
        });
    return target;
  }

  /**
   * Retries {@code attempt} while failures are retriable ({@link RetryPolicy.Action#RETRY} or
   * {@link RetryPolicy.Action#RECONNECT}) and the budget lasts; each attempt is a fresh call (so an
   * attempt that starts with a lookup re-looks up).
   */
  <T> CompletableFuture<T> withRetries(
      String rpc, String topic, Supplier<CompletableFuture<T>> attempt) {
    return withRetries(rpc, topic, true, attempt);
  }

  /**
   * Retries {@code attempt} while failures are {@link RetryPolicy.Action#RETRY} (or {@link
   * RetryPolicy.Action#RECONNECT} when {@code reconnects}: a call that re-creates its registration)
   * and the budget lasts; other failures are final and mapped with {@code rpc} and {@code target}.
   */
  <T> CompletableFuture<T> withRetries(
      String rpc, String target, boolean reconnects, Supplier<CompletableFuture<T>> attempt) {
    CompletableFuture<T> result = new CompletableFuture<>();
    long deadline = System.nanoTime() + retry.budgetNanos();
    runAttempt(rpc, target, reconnects, attempt, result, 0, deadline);
    return result;
  }

  private <T> void runAttempt(
      String rpc,
      String target,
      boolean reconnects,
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
          RetryPolicy.Action action = RetryPolicy.classify(e);
          if (action == RetryPolicy.Action.FAIL
              || (action == RetryPolicy.Action.RECONNECT && !reconnects)) {
            result.completeExceptionally(StatusMapper.map(e, rpc, target));
            return;
          }
          long delay = retry.backoffNanos(n);
          if (System.nanoTime() + delay > deadline) {
            result.completeExceptionally(
                StatusMapper.budgetExhausted(e, rpc, target, n + 1, config.retryBudget()));
            return;
          }
          Runnable next =
              () -> runAttempt(rpc, target, reconnects, attempt, result, n + 1, deadline);
          if (!schedule(next, delay)) {
            result.completeExceptionally(closedError(rpc, target));
          }
        });
  }
}
