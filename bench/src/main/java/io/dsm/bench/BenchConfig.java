/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The parameters of one benchmark run (immutable).
 *
 * @param mqttBroker {@code mosquitto}, {@code hivemq} or {@code external}
 * @param mqttHost host of an external broker
 * @param mqttPort port of an external broker
 * @param publishers MQTT publisher connections
 * @param qos 0, 1 or 2, for publishers, the connector's subscription and the raw-MQTT peer
 * @param payloadBytes payload size (at least {@link PayloadCodec#HEADER_BYTES})
 * @param topics MQTT topics the load is spread over (round-robin)
 * @param routes connector routes (one MQTT filter and Danube topic each)
 * @param partitions Danube partitions per topic (0 = not partitioned)
 * @param reliable Danube reliable dispatch
 * @param rate messages per second, or 0 for max rate (closed loop)
 * @param warmup time before measuring, per phase
 * @param duration measured time of the connector phase
 * @param baselineDuration measured time of each peer phase (raw MQTT, raw Danube)
 * @param oneInFlightDuration measured time of the MAX_IN_FLIGHT=1 phase
 * @param maxInFlight the connector's MAX_IN_FLIGHT in the main phase
 * @param window the load generator's end-to-end window (messages sent, not yet arrived)
 * @param connectorJar the connector's shaded jar
 * @param connectorJavaOpts the connector JVM's flags
 * @param phases which phases to run, in order
 * @param jfr a JFR recording of the connector (main phase), or null
 * @param workDir where logs, GC logs and broker configs go
 * @param progress whether to draw a progress bar on stderr
 * @param quick the CI smoke mode
 * @param settle fixed rate only: after the warm-up, wait at most this long for the backlog to clear
 *     (less than 50 ms of messages in transit) before the measured window starts; the wait is
 *     reported. Zero: measure right after the warm-up
 * @param danubeDelay round-trip time added between every Danube client and the in-memory broker
 *     (half each way, by a TCP proxy), to measure what the window buys against a remote Danube.
 *     Zero: direct connections
 * @param ordering the connector's {@code ORDERING} in the connector and one-in-flight phases
 *     ({@code per_topic} or {@code none}); the hot-topic phases set their own
 */
public record BenchConfig(
    String mqttBroker,
    String mqttHost,
    int mqttPort,
    int publishers,
    int qos,
    int payloadBytes,
    int topics,
    int routes,
    int partitions,
    boolean reliable,
    double rate,
    Duration warmup,
    Duration duration,
    Duration baselineDuration,
    Duration oneInFlightDuration,
    int maxInFlight,
    int window,
    Path connectorJar,
    List<String> connectorJavaOpts,
    List<Phase> phases,
    Path jfr,
    Path workDir,
    boolean progress,
    boolean quick,
    Duration settle,
    Duration danubeDelay,
    String ordering) {

  /** The phases of a run; every figure of the connector is read against the peers. */
  public enum Phase {
    RAW_MQTT("raw-mqtt", "HiveMQ-client subscriber, no Danube (limit of the MQTT side)"),
    RAW_DANUBE(
        "raw-danube", "danube-client producer straight to the testkit (limit of Danube side)"),
    CONNECTOR("connector", "the connector (separate JVM) MQTT -> Danube"),
    ONE_IN_FLIGHT(
        "one-in-flight", "the connector with MAX_IN_FLIGHT=1 (as Danube's Rust connector)"),
    HOT_PER_TOPIC(
        "hot-per-topic", "the connector, the whole load on ONE MQTT topic, ORDERING=per_topic"),
    HOT_NONE("hot-none", "the connector, the whole load on ONE MQTT topic, ORDERING=none");

    /** The phases run when {@code --phases} is not given. */
    public static final List<Phase> DEFAULTS =
        List.of(RAW_MQTT, RAW_DANUBE, CONNECTOR, ONE_IN_FLIGHT);

    private final String key;
    private final String description;

    Phase(String key, String description) {
      this.key = key;
      this.description = description;
    }

    public String key() {
      return key;
    }

    public String description() {
      return description;
    }

    /** A name usable in MQTT topic levels and Danube topic names. */
    public String tag() {
      return key.replace('-', '_');
    }

    /** Whether the phase runs the connector process. */
    public boolean runsConnector() {
      return this != RAW_MQTT && this != RAW_DANUBE;
    }

    /** Whether the phase puts the whole load on one MQTT topic, whatever {@code --topics} says. */
    public boolean hotTopic() {
      return this == HOT_PER_TOPIC || this == HOT_NONE;
    }
  }

  public BenchConfig {
    phases = List.copyOf(phases);
    connectorJavaOpts = List.copyOf(connectorJavaOpts);
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("--qos must be 0, 1 or 2, but was " + qos);
    }
    if (payloadBytes < PayloadCodec.HEADER_BYTES) {
      throw new IllegalArgumentException(
          "--payload-bytes must be at least "
              + PayloadCodec.HEADER_BYTES
              + ", but was "
              + payloadBytes);
    }
    if (publishers < 1) {
      throw new IllegalArgumentException("--publishers must be >= 1, but was " + publishers);
    }
    if (routes < 1 || topics < routes) {
      throw new IllegalArgumentException(
          "--routes must be in [1, --topics], but was " + routes + " with --topics " + topics);
    }
    if (rate < 0) {
      throw new IllegalArgumentException("--rate must be >= 0 (0 = max rate), but was " + rate);
    }
    if (danubeDelay.isNegative()) {
      throw new IllegalArgumentException("--danube-delay must be >= 0, but was " + danubeDelay);
    }
    if (window < 1) {
      throw new IllegalArgumentException("--window must be >= 1, but was " + window);
    }
  }

  public boolean maxRate() {
    return rate == 0;
  }

  /** Measured duration of a phase. */
  public Duration measuredDuration(Phase phase) {
    return switch (phase) {
      case CONNECTOR, HOT_PER_TOPIC, HOT_NONE -> duration;
      case ONE_IN_FLIGHT -> oneInFlightDuration;
      case RAW_MQTT, RAW_DANUBE -> baselineDuration;
    };
  }
}
