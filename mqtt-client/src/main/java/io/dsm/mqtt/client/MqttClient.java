/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An MQTT 3.1.1/5 client connection that stays up: after the first successful {@link #connect()} it
 * reconnects by itself with jittered exponential backoff, re-subscribes whenever the broker has no
 * session for it, and resends unacknowledged publishes. Created by {@link MqttClients#create}.
 *
 * <p>Receiving: every PUBLISH goes to the {@link InboundListener} on the client's I/O thread, but
 * only once the {@link InboundFlowControl} admitted it; when it does not, the client stops reading
 * the socket. QoS 1/2 messages are acknowledged only when the application calls {@link
 * InboundPublish#acknowledge()}, in receive order per connection. PUBLISHes larger than the maximum
 * packet size are skipped while they are read (never buffered) and delivered with {@link
 * InboundPublish#oversize()} set and an empty payload, to be acknowledged like any other.
 *
 * <p>Threads: one I/O thread (named by {@link MqttClientOptions#ioThreadName()}) runs the
 * connection, the listeners and every future's completion. Methods may be called from any thread.
 */
public interface MqttClient extends AutoCloseable {

  /**
   * Connects for the first time. Completes normally with the CONNACK; exceptionally with {@link
   * MqttConnectException} when the broker refused, could not be reached, or did not answer within
   * the connect timeout (no retry then: the caller decides). Once connected, the client reconnects
   * by itself until {@link #disconnect()} or {@link #close()}.
   */
  CompletableFuture<ConnectResult> connect();

  /**
   * Subscribes to {@code subscriptions} in one SUBSCRIBE and remembers them for re-subscribing
   * after a reconnect without session. Completes with one result per subscription (a refused one
   * has {@link SubscribeResult#refused()}); exceptionally when the connection ended first or the
   * client was closed. Sent when the connection is up (at once, or after the next connect).
   */
  CompletableFuture<List<SubscribeResult>> subscribe(List<Subscription> subscriptions);

  /**
   * Publishes one message. Completes when the broker acknowledged it (PUBACK for QoS 1, PUBCOMP for
   * QoS 2) or, for QoS 0, when it was written to the socket; exceptionally with {@link
   * MqttPublishException} when the broker refused it, or {@link IllegalStateException} when the
   * client was closed first. Unacknowledged QoS 1/2 messages survive reconnects (resent with DUP).
   * At most {@link MqttClientOptions#publishWindow()} (and the broker's Receive Maximum) are
   * unacknowledged at once; further ones wait in order.
   */
  CompletableFuture<Void> publish(OutboundPublish message);

  /** Whether a connection is established (CONNACK received and not lost since). */
  boolean isConnected();

  /**
   * Sends the acknowledgements already due, then DISCONNECT, and closes the connection; no
   * reconnect follows. Messages not acknowledged stay with the broker (a persistent session
   * redelivers them). Completes when the connection is closed.
   */
  CompletableFuture<Void> disconnect();

  /** Disconnects (if connected) and stops the I/O thread. Idempotent. */
  @Override
  void close();
}
