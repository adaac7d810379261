/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

/**
 * One message as received from the MQTT broker, in our own types.
 *
 * @param topic the MQTT topic it was published to
 * @param payload the payload bytes exactly as received (owned by this message; never modified)
 * @param qos 0, 1 or 2 as delivered to us
 * @param retain the RETAIN flag
 * @param dup the DUP flag as far as the client exposes it (HiveMQ's API does not: always false)
 * @param receivedAtNanos {@link System#nanoTime()} at receipt, for latency metrics
 * @param ack acknowledges the message to the broker; call once the message is safe
 */
public record InboundMessage(
    String topic,
    byte[] payload,
    int qos,
    boolean retain,
    boolean dup,
    long receivedAtNanos,
    MqttAck ack) {}
