/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.health;

/**
 * What the pipeline holds and whether it moves: read by liveness, the status gauges and tests.
 * Implementations are thread-safe and never block.
 */
public interface PipelineBacklog {
  /** QoS 1/2 messages received from MQTT and not yet finished (stored, or given up). */
  long inFlight();

  /** Payload bytes of {@link #inFlight()} messages. */
  long inFlightBytes();

  /** The highest {@link #inFlight()} ever reached. */
  long maxInFlightSeen();

  /** QoS 0 messages handed to Danube and not yet answered. */
  long qos0Outstanding();

  /**
   * How long messages have been waiting without any of them finishing: 0 when nothing waits.
   * Liveness fails when this exceeds the stall timeout.
   */
  long stalledNanos();

  /** Messages waiting for Danube: {@link #inFlight()} plus {@link #qos0Outstanding()}. */
  default long waitingForDanube() {
    return inFlight() + qos0Outstanding();
  }
}
