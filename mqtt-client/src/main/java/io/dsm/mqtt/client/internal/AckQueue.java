/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * The QoS 1/2 messages of one connection in receive order, and the acknowledgements due for them:
 * PUBACK (QoS 1) and PUBREC (QoS 2) leave only for a prefix of acknowledged messages, so the broker
 * sees them in the order it sent the PUBLISHes (MQTT 3.1.1 section 4.6 asks for that) even when the
 * application finishes them out of order. Acknowledging is thread-safe; the queue itself is touched
 * only on the I/O thread, where one flush writes every acknowledgement due and flushes the socket
 * once.
 */
final class AckQueue {
  private static final class Entry {
    final int packetId;
    final int qos;
    volatile boolean done;

    Entry(int packetId, int qos) {
      this.packetId = packetId;
      this.qos = qos;
    }
  }

  private final ChannelHandlerContext ctx;
  private final IntConsumer pubRecSent;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * @param ctx where acknowledgements are written
   * @param pubRecSent told (I/O thread) of each PUBREC written, with its packet id
   */
  AckQueue(ChannelHandlerContext ctx, IntConsumer pubRecSent) {
    this.ctx = ctx;
    this.pubRecSent = pubRecSent;
  }

  /** Appends a message (I/O thread); the returned action acknowledges it from any thread. */
  Runnable add(int packetId, int qos) {
    Entry e = new Entry(packetId, qos);
    entries.add(e);
    return () -> {
      e.done = true;
      scheduleFlush();
    };
  }

  /** Appends an acknowledgement that is due already (a repeated QoS 2 message); I/O thread. */
  void addDone(int packetId, int qos) {
    Entry e = new Entry(packetId, qos);
    e.done = true;
    entries.add(e);
    scheduleFlush();
  }

  /** Messages received and not yet acknowledged to the broker. I/O thread. */
  int size() {
    return entries.size();
  }

  private void scheduleFlush() {
    if (!closed && flushScheduled.compareAndSet(false, true)) {
      ctx.executor().execute(this::flush);
    }
  }

  /** Writes every acknowledgement due, in order; I/O thread. */
  void flush() {
    flushScheduled.set(false);
    if (closed) {
      return;
    }
    boolean wrote = false;
    Entry e;
    while ((e = entries.peek()) != null && e.done) {
      entries.poll();
      if (e.qos == 2) {
        ctx.write(Packets.pubRec(e.packetId), ctx.voidPromise());
        pubRecSent.accept(e.packetId);
      } else {
        ctx.write(Packets.pubAck(e.packetId), ctx.voidPromise());
      }
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
    }
  }

  /** The connection ended: what is still queued will never be acknowledged on it. */
  void close() {
    closed = true;
    entries.clear();
  }
}
