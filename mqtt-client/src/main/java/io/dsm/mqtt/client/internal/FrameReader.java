/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import io.dsm.mqtt.client.InboundFlowControl;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Cuts the byte stream into whole MQTT packets before Netty's {@code MqttDecoder} sees them, and is
 * where the client's memory bound holds:
 *
 * <ul>
 *   <li>A PUBLISH is passed on only once {@link InboundFlowControl#tryAdmit} said yes. When it says
 *       no, that PUBLISH and every later one wait here in order, the channel stops reading, and the
 *       TCP window pushes back to the broker. What waits was read already: at most what the last
 *       read brought, plus one partial packet.
 *   <li>Control packets (SUBACK, PINGRESP, PUBREL, acknowledgements of our publishes) pass the
 *       waiting PUBLISHes: none of them can refer to a PUBLISH that has not been passed on, and a
 *       SUBACK or PINGRESP must not wait for the application to drain (a persistent session replays
 *       its queue before the SUBACK of a re-subscription). While reading is stopped, one more read
 *       is asked for only when a control packet is cut off at the end of what was read.
 *   <li>A PUBLISH larger than the maximum packet size is read up to its packet identifier and
 *       passed on as an {@link OversizePublish}; its payload is skipped as it arrives, never
 *       buffered, so a 60 MB message costs no memory and the connection goes on.
 *   <li>The first packet must be a CONNACK; a TLS record instead (a TLS listener answering plain
 *       MQTT) is reported as such.
 * </ul>
 *
 * <p>Unlike Netty's {@code ByteToMessageDecoder}, this handler never asks for another read just
 * because it passed nothing on: that rule would keep reading a socket the application asked to
 * stop. I/O thread only.
 */
final class FrameReader extends ChannelInboundHandlerAdapter {
  private static final int PUBLISH = 3;
  private static final int CONNACK = 2;

  /** Control packets the broker sends are small; anything bigger is not MQTT we can use. */
  static final int MAX_CONTROL_PACKET = 1 << 20;

  private final int maxPacketBytes;
  private final InboundFlowControl flow;

  private ChannelHandlerContext ctx;
  private ByteBuf cumulation;
  private long skipRemaining; // bytes of an oversize PUBLISH still to discard

  /** PUBLISH frames ({@link ByteBuf}) and oversize markers not admitted yet, in receive order. */
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();

  private boolean readingStopped;
  private boolean firstPacket = true;
  private volatile long lastProgressNanos = System.nanoTime();

  FrameReader(int maxPacketBytes, InboundFlowControl flow) {
    this.maxPacketBytes = maxPacketBytes;
    this.flow = flow;
  }

  /** Whether reading is stopped because the flow control refused a PUBLISH. */
  boolean held() {
    return readingStopped;
  }

  /**
   * When bytes last arrived or reading last resumed: while reading is stopped, silence from the
   * broker proves nothing, so keep-alive checks measure from here.
   */
  long lastProgressNanos() {
    return lastProgressNanos;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    lastProgressNanos = System.nanoTime();
    if (skipRemaining > 0 && cumulation == null) {
      int n = (int) Math.min(in.readableBytes(), skipRemaining);
      in.skipBytes(n);
      skipRemaining -= n;
      if (!in.isReadable()) {
        in.release();
        return;
      }
    }
    cumulation =
        cumulation == null
            ? in
            : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
    drain();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  private void release() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    Object o;
    while ((o = waiting.poll()) != null) {
      ReferenceCountUtil.release(o);
    }
  }

  /** Passes on what the flow control admits and every whole control packet. */
  private void drain() {
    while (!waiting.isEmpty()) {
      Object next = waiting.peek();
      if (!admit(next)) {
        break;
      }
      waiting.poll();
      ctx.fireChannelRead(next);
    }
    boolean controlCutOff = parse();
    compact();
    if (waiting.isEmpty() && readingStopped) {
      readingStopped = false; // all admitted after all; a late wake-up finds nothing to do
      ctx.channel().config().setAutoRead(true);
    } else if (!waiting.isEmpty()) {
      if (!readingStopped) {
        readingStopped = true;
        ctx.channel().config().setAutoRead(false);
        flow.onAdmissionPossible(() -> ctx.executor().execute(this::resume));
      }
      if (controlCutOff) {
        ctx.read(); // a small packet is all it waits for: one more read, not a stream
      }
    }
  }

  private boolean admit(Object frame) {
    if (frame instanceof OversizePublish o) {
      return flow.tryAdmit(o.qos(), 0);
    }
    ByteBuf b = (ByteBuf) frame;
    int b1 = b.getUnsignedByte(b.readerIndex());
    return flow.tryAdmit((b1 >> 1) & 3, remainingLength(b));
  }

  /** The remaining length of the whole frame {@code b}. */
  private static int remainingLength(ByteBuf b) {
    int remaining = 0;
    int multiplier = 1;
    int pos = b.readerIndex() + 1;
    for (int i = 0; i < 4; i++) {
      int digit = b.getUnsignedByte(pos++);
      remaining += (digit & 0x7f) * multiplier;
      multiplier <<= 7;
      if ((digit & 0x80) == 0) {
        break;
      }
    }
    return remaining;
  }

  /**
   * Cuts whole packets off the cumulation.
   *
   * @return true when reading must go on because a control packet is cut off at the end
   */
  private boolean parse() {
    ByteBuf buf = cumulation;
    while (buf != null && buf.isReadable()) {
      if (skipRemaining > 0) {
        int n = (int) Math.min(buf.readableBytes(), skipRemaining);
        buf.skipBytes(n);
        skipRemaining -= n;
        continue;
      }
      int start = buf.readerIndex();
      int available = buf.readableBytes();
      if (available < 2) {
        return !waiting.isEmpty() && available == 1 && buf.getUnsignedByte(start) >> 4 != PUBLISH;
      }
      int b1 = buf.getUnsignedByte(start);
      if (firstPacket) {
        checkFirstPacket(b1, buf.getUnsignedByte(start + 1));
      }
      int remaining = 0;
      int multiplier = 1;
      int pos = start + 1;
      boolean complete = false;
      for (int i = 0; i < 4 && pos < start + available; i++) {
        int digit = buf.getUnsignedByte(pos++);
        remaining += (digit & 0x7f) * multiplier;
        multiplier <<= 7;
        if ((digit & 0x80) == 0) {
          complete = true;
          break;
        }
      }
      int type = b1 >> 4;
      if (!complete) {
        if (pos - start > 4) {
          throw new NotMqttException("packet length longer than four bytes", false);
        }
        return type != PUBLISH; // the length is still arriving
      }
      int headerLength = pos - start;
      if (type == PUBLISH && remaining > maxPacketBytes) {
        if (!readOversizeHeader(buf, start, headerLength, b1, remaining)) {
          return false;
        }
        continue;
      }
      if (type != PUBLISH && remaining > MAX_CONTROL_PACKET) {
        throw new NotMqttException(
            "a control packet of type " + type + " declares " + remaining + " bytes", false);
      }
      if (available < headerLength + remaining) {
        return type != PUBLISH; // the packet is still arriving
      }
      ByteBuf frame = buf.readRetainedSlice(headerLength + remaining);
      firstPacket = false;
      if (type == PUBLISH && (!waiting.isEmpty() || !admit(frame))) {
        waiting.add(frame);
      } else {
        ctx.fireChannelRead(frame);
      }
      buf = cumulation; // a listener may have closed the channel and released it
    }
    return false;
  }

  private void checkFirstPacket(int b1, int b2) {
    if ((b1 == 0x15 || b1 == 0x16) && b2 == 0x03) {
      throw new NotMqttException("the broker answered with a TLS record", true);
    }
    if (b1 >> 4 != CONNACK) {
      throw new NotMqttException(
          "the broker's first packet is not a CONNACK (type " + (b1 >> 4) + ")", false);
    }
  }

  /**
   * Reads topic and packet id of an oversize PUBLISH and starts skipping the rest; false when those
   * bytes have not arrived yet.
   */
  private boolean readOversizeHeader(ByteBuf buf, int start, int headerLength, int b1, int size) {
    int qos = (b1 >> 1) & 3;
    int available = buf.readableBytes();
    if (available < headerLength + 2) {
      return false;
    }
    int topicLength = buf.getUnsignedShort(start + headerLength);
    int variable = 2 + topicLength + (qos > 0 ? 2 : 0);
    if (variable > size) {
      throw new NotMqttException("a PUBLISH whose topic is longer than the packet", false);
    }
    if (available < headerLength + variable) {
      return false; // at most 64 KiB of topic name: bounded
    }
    String topic = buf.toString(start + headerLength + 2, topicLength, StandardCharsets.UTF_8);
    int packetId = qos > 0 ? buf.getUnsignedShort(start + headerLength + 2 + topicLength) : 0;
    buf.skipBytes(headerLength + variable);
    skipRemaining = (long) size - variable;
    firstPacket = false;
    OversizePublish marker =
        new OversizePublish(topic, qos, (b1 & 0x08) != 0, (b1 & 0x01) != 0, packetId, size);
    if (!waiting.isEmpty() || !admit(marker)) {
      waiting.add(marker);
    } else {
      ctx.fireChannelRead(marker);
    }
    return true;
  }

  /** Passes on what was held back and starts reading again (I/O thread). */
  private void resume() {
    if (!readingStopped || !ctx.channel().isActive()) {
      return;
    }
    readingStopped = false;
    lastProgressNanos = System.nanoTime();
    try {
      drain();
    } catch (RuntimeException e) {
      ctx.fireExceptionCaught(e);
      return;
    }
    if (!readingStopped) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.fireChannelReadComplete();
  }

  private void compact() {
    if (cumulation == null) {
      return;
    }
    if (!cumulation.isReadable()) {
      cumulation.release();
      cumulation = null;
    } else if (cumulation.refCnt() == 1) {
      cumulation.discardSomeReadBytes();
    }
  }
}
