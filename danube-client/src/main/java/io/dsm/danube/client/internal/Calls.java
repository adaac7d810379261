/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** Unary async-stub calls as {@link CompletableFuture}s. */
final class Calls {
  private Calls() {}

  /**
   * Starts {@code method(request, observer)} and returns the response as a future. The future
   * completes on the thread that delivers the response (the channel's direct executor), so its
   * continuations must not block.
   */
  static <Q, R> CompletableFuture<R> unary(BiConsumer<Q, StreamObserver<R>> method, Q request) {
    CompletableFuture<R> result = new CompletableFuture<>();
    try {
      method.accept(
          request,
          new StreamObserver<>() {
            @Override
            public void onNext(R value) {
              result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
              result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              if (!result.isDone()) {
                result.completeExceptionally(
                    io.grpc.Status.INTERNAL
                        .withDescription("server completed the call without a response")
                        .asRuntimeException());
              }
            }
          });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }
}
