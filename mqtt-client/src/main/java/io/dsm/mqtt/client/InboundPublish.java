/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One PUBLISH received from the broker. Thread-safe; immutable apart from the acknowledgement.
 *
 * <p>A QoS 1/2 message must be {@linkplain #acknowledge() acknowledged} once the application is
 * done with it; the client sends PUBACK (QoS 1) or PUBREC (QoS 2) for the messages of one
 * connection in the order they were received, so a message acknowledged early waits for those
 * before it. The client never acknowledges a message by itself.
 */
public final class InboundPublish {
  private final String topic;
  private final byte[] payload;
  private final int qos;
  private final boolean retain;
  private final boolean dup;
  private final int packetId;
  private final PublishProperties properties;
  private final long size;
  private final boolean oversize;
  private final int admittedBytes;
  private final long receivedAtNanos;
  private final Runnable acknowledgement;
  private final AtomicBoolean acknowledged = new AtomicBoolean();

  /**
   * @param topic the topic name
   * @param payload the payload; owned by this message from now on
   * @param qos 0, 1 or 2
   * @param retain the RETAIN flag (on a subscriber: set only for messages sent because of a new
   *     subscription)
   * @param dup the DUP flag (the broker may have sent it before)
   * @param packetId the packet identifier (0 for QoS 0)
   * @param properties MQTT 5 properties, {@link PublishProperties#NONE} for 3.1.1
   * @param size the size the PUBLISH declared (its remaining length, in bytes)
   * @param oversize true when the message was larger than the client's maximum packet size: its
   *     payload was skipped without being buffered and is empty here
   * @param admittedBytes the bytes this message took from the flow control ({@link
   *     InboundFlowControl#tryAdmit}); give them back with the message
   * @param receivedAtNanos {@link System#nanoTime()} when it was read
   * @param acknowledgement sends the acknowledgement; run at most once
   */
  public InboundPublish(
      String topic,
      byte[] payload,
      int qos,
      boolean retain,
      boolean dup,
      int packetId,
      PublishProperties properties,
      long size,
      boolean oversize,
      int admittedBytes,
      long receivedAtNanos,
      Runnable acknowledgement) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.payload = Objects.requireNonNull(payload, "payload");
    this.qos = qos;
    this.retain = retain;
    this.dup = dup;
    this.packetId = packetId;
    this.properties = properties == null ? PublishProperties.NONE : properties;
    this.size = size;
    this.oversize = oversize;
    this.admittedBytes = admittedBytes;
    this.receivedAtNanos = receivedAtNanos;
    this.acknowledgement = acknowledgement == null ? () -> {} : acknowledgement;
  }

  public String topic() {
    return topic;
  }

  /** The payload bytes exactly as received; do not modify. Empty for an oversize message. */
  public byte[] payload() {
    return payload;
  }

  public int qos() {
    return qos;
  }

  public boolean retain() {
    return retain;
  }

  public boolean dup() {
    return dup;
  }

  public int packetId() {
    return packetId;
  }

  public PublishProperties properties() {
    return properties;
  }

  /** The size the PUBLISH packet declared after its fixed header, in bytes. */
  public long size() {
    return size;
  }

  /** Whether the payload was over the maximum packet size and was skipped. */
  public boolean oversize() {
    return oversize;
  }

  /** The bytes taken from the flow control when this message was admitted. */
  public int admittedBytes() {
    return admittedBytes;
  }

  public long receivedAtNanos() {
    return receivedAtNanos;
  }

  /**
   * Acknowledges the message to the broker (PUBACK for QoS 1, PUBREC for QoS 2), in receive order
   * with the other messages of its connection. Only the first call has an effect; nothing for QoS
   * 0, or when the connection the message came on has ended (the broker then redelivers it if the
   * session persists). Any thread; never blocks.
   */
  public void acknowledge() {
    if (acknowledged.compareAndSet(false, true)) {
      acknowledgement.run();
    }
  }

  /** Whether {@link #acknowledge()} was called. */
  public boolean isAcknowledged() {
    return acknowledged.get();
  }

  @Override
  public String toString() {
    return "InboundPublish[topic="
        + topic
        + ", qos="
        + qos
        + ", packetId="
        + packetId
        + ", size="
        + size
        + (oversize ? ", oversize" : "")
        + (retain ? ", retain" : "")
        + (dup ? ", dup" : "")
        + "]";
  }
}
