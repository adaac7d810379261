/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

/**
 * A PUBLISH larger than the maximum packet size, read up to its packet identifier; the rest is
 * being skipped. Passed down the pipeline in place of the frame.
 *
 * @param topic topic name
 * @param qos QoS from the fixed header
 * @param dup DUP flag
 * @param retain RETAIN flag
 * @param packetId packet identifier, 0 for QoS 0
 * @param size the remaining length the packet declared
 */
record OversizePublish(
    String topic, int qos, boolean dup, boolean retain, int packetId, long size) {}
