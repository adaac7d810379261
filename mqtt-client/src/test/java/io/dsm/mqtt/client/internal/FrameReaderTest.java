/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.mqtt.client.InboundFlowControl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

  /** A flow control with a fixed number of permits that tests hand out by hand. */
  static final class Permits implements InboundFlowControl {
    int free;
    int bytesTaken;
    Runnable waiting;

    Permits(int free) {
      this.free = free;
    }

    @Override
    public boolean tryAdmit(int qos, int bytes) {
      if (free == 0) {
        return false;
      }
      free--;
      bytesTaken += bytes;
      return true;
    }

    @Override
    public void release(int qos, int bytes) {
      free++;
      bytesTaken -= bytes;
    }

    @Override
    public void onAdmissionPossible(Runnable callback) {
      waiting = callback;
    }

    void give(int n) {
      free += n;
      Runnable r = waiting;
      waiting = null;
      if (r != null) {
        r.run();
      }
    }
  }

  static byte[] connack() {
    return new byte[] {0x20, 0x02, 0x00, 0x00};
  }

  static byte[] publish(String topic, int qos, int packetId, int payloadBytes) {
    ByteArrayOutputStream variable = new ByteArrayOutputStream();
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    variable.write(t.length >> 8);
    variable.write(t.length);
    variable.writeBytes(t);
    if (qos > 0) {
      variable.write(packetId >> 8);
      variable.write(packetId);
    }
    variable.writeBytes(new byte[payloadBytes]);
    byte[] body = variable.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30 | (qos << 1));
    int n = body.length;
    do {
      int digit = n % 128;
      n /= 128;
      out.write(n > 0 ? digit | 0x80 : digit);
    } while (n > 0);
    out.writeBytes(body);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** What reached the next handler: frame lengths for whole packets, or the oversize markers. */
  static List<Object> received(EmbeddedChannel ch) {
    List<Object> out = new ArrayList<>();
    Object o;
    while ((o = ch.readInbound()) != null) {
      if (o instanceof ByteBuf b) {
        out.add(b.readableBytes());
        b.release();
      } else {
        out.add(o);
      }
    }
    return out;
  }

  @Test
  void passesWholePacketsEvenWhenTheyArriveInPieces() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameReader(1000, new Permits(10)));
    byte[] bytes = concat(connack(), publish("a/b", 1, 7, 100), publish("c", 0, 0, 3));
    for (byte b : bytes) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }

    assertThat(received(ch)).containsExactly(4, 2 + 2 + 3 + 2 + 100, 2 + 2 + 1 + 3);
  }

  /** Counts the reads the pipeline asks for, as the socket would see them. */
  static final class ReadCounter extends io.netty.channel.ChannelOutboundHandlerAdapter {
    int reads;

    @Override
    public void read(io.netty.channel.ChannelHandlerContext ctx) {
      reads++;
      ctx.read();
    }
  }

  static final byte[] PINGRESP = {(byte) 0xd0, 0x00};
  static final byte[] SUBACK = {(byte) 0x90, 0x03, 0x00, 0x01, 0x01};

  @Test
  void stopsReadingWhenTheFlowControlRefusesAndKeepsThePublishOrder() {
    Permits permits = new Permits(1);
    EmbeddedChannel ch = new EmbeddedChannel(new FrameReader(1000, permits));
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            concat(
                connack(),
                publish("t", 1, 1, 10),
                publish("t", 1, 2, 10),
                publish("t", 1, 3, 11),
                PINGRESP)));

    // The first PUBLISH passes; the next two wait in order; the PINGRESP passes them.
    assertThat(received(ch)).containsExactly(4, 17, 2);
    assertThat(ch.config().isAutoRead()).isFalse();
    assertThat(permits.waiting).isNotNull();

    permits.give(1);
    ch.runPendingTasks();
    assertThat(received(ch)).containsExactly(17);
    assertThat(ch.config().isAutoRead()).isFalse();

    permits.give(1);
    ch.runPendingTasks();
    assertThat(received(ch)).containsExactly(18);
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void aSubackBehindAReplayedBacklogIsNotKeptWaiting() {
    // A persistent session replays its queue right after CONNACK, before the SUBACK of the
    // re-subscription; a full application must not hold the SUBACK back (start would time out).
    EmbeddedChannel ch = new EmbeddedChannel(new FrameReader(1000, new Permits(0)));
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            concat(connack(), publish("t", 1, 1, 10), publish("t", 1, 2, 10), SUBACK)));

    assertThat(received(ch)).containsExactly(4, 5);
  }

  @Test
  void whileStoppedItReadsOnlyToCompleteACutOffControlPacket() {
    ReadCounter counter = new ReadCounter();
    EmbeddedChannel ch = new EmbeddedChannel(counter, new FrameReader(1000, new Permits(0)));
    ch.writeInbound(Unpooled.wrappedBuffer(connack()));
    received(ch);
    int before = counter.reads;

    ch.writeInbound(
        Unpooled.wrappedBuffer(concat(publish("t", 1, 1, 10), new byte[] {SUBACK[0], SUBACK[1]})));
    assertThat(counter.reads - before).as("one read for the rest of the SUBACK").isEqualTo(1);

    ch.writeInbound(
        Unpooled.wrappedBuffer(
            concat(new byte[] {0, 1, 1}, publish("t", 1, 2, 10), new byte[] {0x30})));
    assertThat(received(ch)).containsExactly(5);
    assertThat(counter.reads - before).as("a cut-off PUBLISH asks for nothing").isEqualTo(1);
  }

  @Test
  void skipsAnOversizePublishWithoutBufferingIt() {
    Permits permits = new Permits(10);
    EmbeddedChannel ch = new EmbeddedChannel(new FrameReader(1000, permits));
    byte[] big = publish("big/topic", 1, 42, 5000);
    ch.writeInbound(Unpooled.wrappedBuffer(connack()));
    received(ch);

    // The header arrives first, the payload later in small reads; the marker comes at once.
    ch.writeInbound(Unpooled.wrappedBuffer(big, 0, 40));
    List<Object> first = received(ch);
    assertThat(first).hasSize(1);
    OversizePublish marker = (OversizePublish) first.get(0);
    assertThat(marker.topic()).isEqualTo("big/topic");
    assertThat(marker.packetId()).isEqualTo(42);
    assertThat(marker.qos()).isEqualTo(1);
    assertThat(marker.size()).isEqualTo(2 + 9 + 2 + 5000);
    assertThat(permits.bytesTaken).isZero();

    for (int off = 40; off < big.length; off += 700) {
      ch.writeInbound(Unpooled.wrappedBuffer(big, off, Math.min(700, big.length - off)));
      assertThat(received(ch)).isEmpty();
    }
    ch.writeInbound(Unpooled.wrappedBuffer(publish("small", 0, 0, 5)));

    assertThat(received(ch)).containsExactly(2 + 2 + 5 + 5);
  }

  @Test
  void reportsATlsAnswerToPlainMqtt() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameReader(1000, new Permits(1)));

    assertThatThrownBy(
            () ->
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02})))
        .isInstanceOf(NotMqttException.class)
        .satisfies(e -> assertThat(((NotMqttException) e).tlsRecord()).isTrue());
  }

  @Test
  void refusesAFirstPacketThatIsNotConnack() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameReader(1000, new Permits(1)));

    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(publish("t", 0, 0, 1))))
        .isInstanceOf(NotMqttException.class)
        .hasMessageContaining("not a CONNACK");
  }

  @Test
  void heldBytesAreBoundedByWhatWasReadWhenReadingStopped() {
    Permits permits = new Permits(0);
    EmbeddedChannel ch = new EmbeddedChannel(new FrameReader(100_000, permits));
    ch.writeInbound(Unpooled.wrappedBuffer(connack()));
    received(ch);
    byte[] many = new byte[0];
    for (int i = 1; i <= 50; i++) {
      many = concat(many, publish("t", 1, i, 1000));
    }
    ch.writeInbound(Unpooled.wrappedBuffer(many));

    assertThat(received(ch)).isEmpty();
    assertThat(ch.config().isAutoRead()).isFalse();
    assertThat(permits.bytesTaken).isZero();

    permits.give(50);
    ch.runPendingTasks();
    assertThat(received(ch)).hasSize(50);
  }
}
