/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import io.reactivex.Flowable;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link MqttIntake} needs from one MQTT protocol version of the HiveMQ client; everything
 * else (flow control, reconnects, resubscribing) is version-independent and lives in the intake.
 */
interface MqttProtocol {

  /** Every incoming PUBLISH with manual acknowledgement, as our type; 1:1, no prefetch. */
  Flowable<InboundMessage> publishes();

  /** Connects; completes with CONNACK's session-present flag. */
  CompletableFuture<Boolean> connect();

  /**
   * Subscribes all filters in one SUBSCRIBE; completes with the granted QoS per subscription, in
   * order, or -1 where the broker refused it.
   */
  CompletableFuture<List<Integer>> subscribe(List<TopicSubscription> subscriptions);

  /** Whether the broker had a session for us when the connection {@code ctx} was established. */
  boolean sessionPresent(MqttClientConnectedContext ctx);

  MqttClientState state();

  /** Disconnects cleanly, waiting a few seconds at most. */
  void disconnect();
}
