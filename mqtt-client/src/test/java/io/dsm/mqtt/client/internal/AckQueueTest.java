/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckQueueTest {
  private final List<Integer> pubRecs = new ArrayList<>();

  private AckQueue queueOn(EmbeddedChannel ch) {
    ChannelHandlerContext ctx = ch.pipeline().firstContext();
    return new AckQueue(ctx, pubRecs::add);
  }

  private static List<String> written(EmbeddedChannel ch) {
    List<String> out = new ArrayList<>();
    Object o;
    while ((o = ch.readOutbound()) != null) {
      MqttMessage m = (MqttMessage) o;
      out.add(
          m.fixedHeader().messageType()
              + " "
              + ((MqttMessageIdVariableHeader) m.variableHeader()).messageId());
    }
    return out;
  }

  @Test
  void acknowledgesInReceiveOrderWhateverOrderTheMessagesFinish() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    AckQueue q = queueOn(ch);
    Runnable a = q.add(1, 1);
    Runnable b = q.add(2, 2);
    Runnable c = q.add(3, 1);

    c.run();
    b.run();
    ch.runPendingTasks();
    assertThat(written(ch)).isEmpty(); // message 1 is not done: nothing may overtake it

    a.run();
    ch.runPendingTasks();
    assertThat(written(ch)).containsExactly("PUBACK 1", "PUBREC 2", "PUBACK 3");
    assertThat(pubRecs).containsExactly(2);
    assertThat(q.size()).isZero();
  }

  @Test
  void nothingIsSentAfterTheConnectionEnded() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    AckQueue q = queueOn(ch);
    Runnable a = q.add(1, 1);

    q.close();
    a.run();
    ch.runPendingTasks();

    assertThat(written(ch)).isEmpty();
  }

  @Test
  void aRepeatedQos2MessageGetsItsPubrecAgainInOrder() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    AckQueue q = queueOn(ch);
    Runnable a = q.add(5, 1);
    q.addDone(9, 2);
    ch.runPendingTasks();
    assertThat(written(ch)).isEmpty();

    a.run();
    ch.runPendingTasks();
    assertThat(written(ch)).containsExactly("PUBACK 5", "PUBREC 9");
  }
}
