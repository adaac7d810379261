/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/**
 * What the broker told us about an accepted message. Danube's {@code MessageResponse} carries only
 * the echoed request id: the producer never learns the offset.
 *
 * @param topic the partition topic the message was stored in (e.g. {@code /ns/t-part-2})
 * @param producerId the broker-assigned producer id (an unsigned 64-bit value)
 * @param requestId the request id the broker acknowledged
 */
public record MessageId(String topic, long producerId, long requestId) {}
