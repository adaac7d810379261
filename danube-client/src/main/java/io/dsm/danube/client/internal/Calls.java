/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.proto.HealthCheckGrpc;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.HealthCheckResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  /**
   * Asks the broker whether the producer or consumer {@code id} may go on ({@code CLOSE} means the
   * broker dropped it), bounded by {@code timeoutMillis}.
   */
  static CompletableFuture<HealthCheckResponse> healthCheck(
      Channel channel,
      HealthCheckRequest.ClientType type,
      long id,
      long requestId,
      long timeoutMillis) {
    HealthCheckRequest req =
        HealthCheckRequest.newBuilder().setRequestId(requestId).setClient(type).setId(id).build();
    HealthCheckGrpc.HealthCheckStub stub =
        HealthCheckGrpc.newStub(channel).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
    return unary(stub::healthCheck, req);
  }
}
