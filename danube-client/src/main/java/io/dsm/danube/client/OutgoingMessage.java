/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.Map;
import java.util.Objects;

/**
 * One message to publish. The payload array is owned by the message after construction: callers
 * must not modify it afterwards (it is not copied, to keep the per-message path allocation-free).
 *
 * @param payload the bytes to publish, never re-encoded; may be empty
 * @param attributes user attributes sent as the message's {@code attributes} map
 * @param routingKey partition key and wire {@code routing_key}; {@code null} for round-robin
 */
public record OutgoingMessage(byte[] payload, Map<String, String> attributes, String routingKey) {
  public OutgoingMessage {
    Objects.requireNonNull(payload, "payload");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public static OutgoingMessage of(byte[] payload) {
    return new OutgoingMessage(payload, Map.of(), null);
  }
}
