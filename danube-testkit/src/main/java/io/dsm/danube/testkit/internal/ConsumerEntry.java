/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.StreamMessage;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;

/**
 * A registered consumer. Every field except {@link #active} is guarded by the owning {@link
 * TopicState}'s monitor; {@code active} is volatile because health checks read it without the lock.
 */
final class ConsumerEntry {
  final long id;
  final String name;
  final SubscriptionState subscription;
  final int node;
  volatile boolean active = true;
  boolean removed;
  ServerCallStreamObserver<StreamMessage> stream;

  /** Non-reliable buffer: messages wait here until the stream can take them. */
  final ArrayDeque<StreamMessage> buffer = new ArrayDeque<>();

  ConsumerEntry(long id, String name, SubscriptionState subscription, int node) {
    this.id = id;
    this.name = name;
    this.subscription = subscription;
    this.node = node;
  }

  boolean hasStream() {
    return stream != null;
  }

  /** Sends what the transport can take now; the rest waits for the stream's onReady. */
  void drain() {
    while (stream != null && !buffer.isEmpty() && stream.isReady()) {
      send(buffer.poll());
    }
  }

  /** Writes one message; a stream that fails to take it counts as closed. */
  boolean send(StreamMessage message) {
    if (stream == null) {
      return false;
    }
    try {
      stream.onNext(message);
      return true;
    } catch (RuntimeException e) {
      stream = null;
      active = false;
      return false;
    }
  }

  /** Ends the current stream normally, as Danube does on a takeover or an unload. */
  void completeStream() {
    ServerCallStreamObserver<StreamMessage> old = stream;
    stream = null;
    if (old != null) {
      try {
        old.onCompleted();
      } catch (RuntimeException ignored) {
        // The client already went away; nothing left to end.
      }
    }
  }
}
