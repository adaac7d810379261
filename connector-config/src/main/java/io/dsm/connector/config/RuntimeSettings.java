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
 * @param ordering whether order per MQTT topic is kept ({@code ORDERING})
 * @param maxInFlightBytes the most payload bytes held between MQTT and Danube; a single larger
 *     message is still admitted when nothing else is held ({@code MAX_IN_FLIGHT_BYTES})
 * @param metricsBindAddress address the operations HTTP server binds to, as configured (an IP
 *     literal or a host name; {@code 0.0.0.0} for all interfaces)
 * @param dynamicProducerCache the most producers kept open for targets rendered from route
 *     templates ({@code DYNAMIC_PRODUCER_CACHE}); idle ones beyond it are closed, least recently
 *     used first
 */
public record RuntimeSettings(
    int maxInFlight,
    int qos0BufferCapacity,
    Duration drainTimeout,
    int metricsPort,
    Duration stallTimeout,
    String logLevel,
    String logFormat,
    Ordering ordering,
    long maxInFlightBytes,
    String metricsBindAddress,
    int dynamicProducerCache) {

  /** Default of {@code DYNAMIC_PRODUCER_CACHE}. */
  public static final int DEFAULT_DYNAMIC_PRODUCER_CACHE = 1000;

  /** Default of {@code MAX_IN_FLIGHT_BYTES}: 16 MiB. */
  public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 16L * 1024 * 1024;

  /** Default of {@code METRICS_BIND_ADDRESS}: every interface. */
  public static final String DEFAULT_METRICS_BIND_ADDRESS = "0.0.0.0";
}
