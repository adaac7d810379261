/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.time.Duration;

/**
 * Pipeline and operations settings.
 *
 * @param maxInFlight the most QoS 1/2 messages received but not yet acknowledged by Danube; intake
 *     stops when reached (backpressure)
 * @param qos0BufferCapacity the most QoS 0 messages waiting; beyond it they are dropped and counted
 * @param drainTimeout how long shutdown waits for in-flight messages
 * @param metricsPort port of {@code /metrics}, {@code /health}, {@code /ready}; 0 disables
 * @param stallTimeout liveness fails when acks are outstanding and none completed for this long
 * @param logLevel root log level
 * @param logFormat {@code text} or {@code json}
 */
public record RuntimeSettings(
    int maxInFlight,
    int qos0BufferCapacity,
    Duration drainTimeout,
    int metricsPort,
    Duration stallTimeout,
    String logLevel,
    String logFormat) {}
