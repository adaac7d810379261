/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** Test helper base: a plaintext TCP channel to one of a broker's ports, closed with the helper. */
abstract class RawChannel implements AutoCloseable {
  final ManagedChannel channel;

  RawChannel(String url) {
    URI uri = URI.create(url);
    channel =
        NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
            .usePlaintext()
            .directExecutor()
            .build();
  }

  /** {@code stub} with the 10 s deadline of every blocking call in the tests. */
  static <S extends AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
