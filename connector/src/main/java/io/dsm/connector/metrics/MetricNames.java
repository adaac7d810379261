/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.metrics;

/**
 * Every metric name and label the connector exports: the contract that {@code docs/MONITORING.md},
 * the Grafana dashboard and the alert rules under {@code deploy/} rely on. The first four are the
 * seed's names and keep exactly the seed's single {@code connector} label.
 *
 * <p>Label values are bounded by the configuration: {@code route} is a route's MQTT filter and
 * {@code danube_topic} its Danube topic, never the MQTT topic of a message.
 */
public final class MetricNames {
  private MetricNames() {}

  public static final String LABEL_CONNECTOR = "connector";
  public static final String LABEL_ROUTE = "route";
  public static final String LABEL_DANUBE_TOPIC = "danube_topic";
  public static final String LABEL_REASON = "reason";
  public static final String LABEL_POLICY = "policy";
  public static final String LABEL_VERSION = "version";
  public static final String LABEL_COMMIT = "commit";

  // The seed's four metrics.
  public static final String RECEIVED = "danube_connector_messages_received_total";
  public static final String PROCESSED = "danube_connector_messages_processed_total";
  public static final String PROCESSING_DURATION = "danube_connector_processing_duration_seconds";
  public static final String HEALTH = "danube_connector_health";

  // Per route.
  public static final String ROUTE_RECEIVED = "danube_connector_route_messages_received_total";
  public static final String ROUTE_PROCESSED = "danube_connector_route_messages_processed_total";
  public static final String ROUTE_PAYLOAD_BYTES = "danube_connector_route_payload_bytes_total";
  public static final String FAILED = "danube_connector_messages_failed_total";
  public static final String DROPPED = "danube_connector_messages_dropped_total";
  public static final String SEND_RETRIES = "danube_connector_danube_send_retries_total";
  public static final String DEAD_LETTERED = "danube_connector_messages_dead_lettered_total";
  public static final String SCHEMA_MISMATCHES = "danube_connector_schema_mismatches_total";

  // Producers for targets rendered from templates.
  public static final String DYNAMIC_PRODUCER_EVICTIONS =
      "danube_connector_dynamic_producer_evictions_total";
  public static final String DYNAMIC_PRODUCERS = "danube_connector_dynamic_producers";

  // State of the pipeline.
  public static final String IN_FLIGHT = "danube_connector_messages_in_flight";
  public static final String IN_FLIGHT_BYTES = "danube_connector_in_flight_bytes";
  public static final String MAX_IN_FLIGHT = "danube_connector_max_in_flight";
  public static final String QOS0_BUFFERED = "danube_connector_qos0_buffered";
  public static final String QOS0_BUFFER_CAPACITY = "danube_connector_qos0_buffer_capacity";
  public static final String STALLED_SECONDS = "danube_connector_stalled_seconds";
  public static final String READY = "danube_connector_ready";
  public static final String LIVE = "danube_connector_live";
  public static final String DANUBE_PRODUCERS = "danube_connector_danube_producers";

  // The MQTT connection.
  public static final String MQTT_CONNECTED = "danube_connector_mqtt_connected";
  public static final String MQTT_SUBSCRIBED = "danube_connector_mqtt_subscribed";
  public static final String MQTT_RECONNECTS = "danube_connector_mqtt_reconnects_total";
  public static final String MQTT_CONNECTION_LOSSES =
      "danube_connector_mqtt_connection_losses_total";
  public static final String MQTT_CONNECT_FAILURES = "danube_connector_mqtt_connect_failures_total";

  /** Always 1; the labels {@code version} and {@code commit} say what build runs. */
  public static final String BUILD_INFO = "danube_connector_build_info";

  /** Values of the {@code reason} label of {@link #FAILED}. */
  public enum FailureReason {
    /**
     * Danube refused a QoS 1/2 message for good; it was acknowledged to MQTT so it cannot block.
     */
    REJECTED("rejected"),
    /** A QoS 0 send failed (QoS 0 is never retried). */
    QOS0_SEND_FAILED("qos0_send_failed"),
    /** The payload does not match its topic's schema and the policy is {@code enforce}. */
    SCHEMA("schema"),
    /** The route's target template rendered no valid Danube topic for the message's topic. */
    TEMPLATE("template");

    private final String label;

    FailureReason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Values of the {@code reason} label of {@link #DEAD_LETTERED} and of {@code dlq.reason}. */
  public enum DeadLetterReason {
    /** The payload does not match the topic's schema ({@code validation_policy = "enforce"}). */
    SCHEMA("schema"),
    /** Danube refused the message for good (too large, schema refused, no permission). */
    REJECTED("rejected"),
    /** Larger than {@code MQTT_MAX_PACKET_SIZE}: sent with an empty payload (never read). */
    OVERSIZE("oversize"),
    /** The route's target template rendered no valid Danube topic. */
    TEMPLATE("template");

    private final String label;

    DeadLetterReason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Values of the {@code reason} label of {@link #DROPPED}. */
  public enum DropReason {
    /** The QoS 0 buffer was full ({@code runtime.qos0BufferCapacity}). */
    QOS0_BUFFER_FULL("qos0_buffer_full"),
    /** No route matches the MQTT topic; {@code route} and {@code danube_topic} are empty. */
    NO_ROUTE("no_route"),
    /** Larger than {@code MQTT_MAX_PACKET_SIZE}: its payload was skipped unread. */
    OVERSIZE("oversize"),
    /**
     * Published by a sink (loop prevention: {@code MQTT_SKIP_MARKED}, {@code
     * MQTT_SKIP_TOPIC_PREFIX}); {@code route} and {@code danube_topic} are empty.
     */
    LOOP_MARKED("loop_marked");

    private final String label;

    DropReason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
