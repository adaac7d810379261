/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

import io.dsm.mqtt.client.internal.DefaultMqttClient;

/** Creates {@link MqttClient}s: the module's one entry point to its implementation. */
public final class MqttClients {
  private MqttClients() {}

  /**
   * A client that has not connected yet.
   *
   * @param options connection settings
   * @param inbound receives PUBLISHes ({@code null} for a client that only publishes)
   * @param flow admits received PUBLISHes ({@code null}: {@link InboundFlowControl#UNBOUNDED})
   * @param connection told about connects and losses ({@code null}: none)
   */
  public static MqttClient create(
      MqttClientOptions options,
      InboundListener inbound,
      InboundFlowControl flow,
      ConnectionListener connection) {
    return new DefaultMqttClient(
        options,
        inbound == null ? m -> m.acknowledge() : inbound,
        flow == null ? InboundFlowControl.UNBOUNDED : flow,
        connection == null ? ConnectionListener.NONE : connection);
  }
}
