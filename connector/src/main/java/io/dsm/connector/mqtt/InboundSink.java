/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import io.dsm.mqtt.client.InboundPublish;
import java.util.List;

/** Receives the intake's messages. */
@FunctionalInterface
public interface InboundSink {
  /**
   * Called on the intake's inbound executor (the connector: the Danube client's {@code danube-io})
   * with the messages of one socket read, in receive order. Each message was admitted by the
   * intake's flow control and must be finished or abandoned there. Must not block.
   */
  void onMessages(List<InboundPublish> messages);
}
