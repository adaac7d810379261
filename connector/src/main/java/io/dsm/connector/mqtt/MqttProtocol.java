/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import io.reactivex.Flowable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

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

  /**
   * The granted QoS per subscription from a SUBACK, or from the SUBACK inside the client's
   * exception when the broker refused every subscription (the client fails the call then). Any
   * other failure passes through.
   *
   * @param codes the granted QoS of a SUBACK, -1 where refused
   * @param refused the client's exception type that carries a refusing SUBACK
   */
  static <A, X extends Throwable> CompletableFuture<List<Integer>> granted(
      CompletableFuture<A> subAck,
      Function<A, List<Integer>> codes,
      Class<X> refused,
      Function<X, List<Integer>> refusedCodes) {
    return subAck.handle(
        (ack, e) -> {
          if (e == null) {
            return codes.apply(ack);
          }
          Throwable cause =
              e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (refused.isInstance(cause)) {
            return refusedCodes.apply(refused.cast(cause));
          }
          throw e instanceof RuntimeException re ? re : new CompletionException(e);
        });
  }
}
