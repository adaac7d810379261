/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/**
 * A successful CONNACK.
 *
 * @param sessionPresent whether the broker still had our session (subscriptions, queued messages)
 * @param serverReceiveMaximum the most unacknowledged QoS 1/2 PUBLISHes the broker accepts from us
 *     (MQTT 5 Receive Maximum; 65535 when it sent none, and for MQTT 3.1.1)
 * @param serverMaximumQos the highest QoS the broker accepts in our PUBLISHes (2 when unlimited)
 * @param subscriptionIdsAvailable whether the broker accepts Subscription Identifiers (MQTT 5: true
 *     unless its CONNACK says otherwise; always false for MQTT 3.1.1)
 */
public record ConnectResult(
    boolean sessionPresent,
    int serverReceiveMaximum,
    int serverMaximumQos,
    boolean subscriptionIdsAvailable) {}
