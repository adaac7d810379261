/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static io.dsm.connector.config.ValueTypes.bool;
import static io.dsm.connector.config.ValueTypes.choice;
import static io.dsm.connector.config.ValueTypes.integer;
import static io.dsm.connector.config.ValueTypes.longInteger;
import static io.dsm.connector.config.ValueTypes.oneOf;
import static io.dsm.connector.config.ValueTypes.readableFile;
import static io.dsm.connector.config.ValueTypes.text;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The settings table: every setting of the connector, once. Parsing ({@link ConfigLoader}), the
 * README table ({@link SettingsDoc}) and print-config ({@link EffectiveConfig}) all read it; a new
 * setting is one entry here plus its use in {@link ConfigLoader#assemble}.
 */
public final class Settings {
  private Settings() {}

  /** Largest MQTT packet: 268,435,455 bytes of remaining length plus a 5-byte fixed header. */
  private static final int MQTT_MAX_PACKET = 268_435_460;

  public static final Setting<String> DANUBE_SERVICE_URL =
      Setting.define(
              "DANUBE_SERVICE_URL",
              "danube_service_url",
              ValueTypes.serviceUrl(),
              "Danube broker URL, e.g. `http://localhost:6650`")
          .withFlag("--danube-url")
          .asRequired();

  public static final Setting<String> CONNECTOR_NAME =
      Setting.define(
              "CONNECTOR_NAME",
              "connector_name",
              ValueTypes.name(),
              "Unique connector name; metrics label and Danube producer-name prefix")
          .withFlag("--connector-name")
          .asRequired();

  public static final Setting<Path> CONNECTOR_CONFIG_PATH =
      Setting.define(
              "CONNECTOR_CONFIG_PATH",
              null,
              readableFile(),
              "TOML configuration file; environment variables and flags override its values")
          .withFlag("--config");

  public static final Setting<String> MQTT_BROKER_HOST =
      Setting.define("MQTT_BROKER_HOST", "mqtt.host", ValueTypes.host(), "MQTT broker hostname")
          .withFlag("--mqtt-host")
          .withTomlAlias("mqtt.broker_host")
          .asRequired();

  public static final Setting<Integer> MQTT_BROKER_PORT =
      Setting.define("MQTT_BROKER_PORT", "mqtt.port", integer(1, 65535), "MQTT broker port")
          .withDefault(1883)
          .withDefaultText("`1883` (`8883` with TLS)")
          .withFlag("--mqtt-port")
          .withTomlAlias("mqtt.broker_port");

  public static final Setting<String> MQTT_CLIENT_ID =
      Setting.define(
              "MQTT_CLIENT_ID", "mqtt.client_id", ValueTypes.clientId(), "MQTT client identifier")
          .withFlag("--mqtt-client-id")
          .asRequired();

  public static final Setting<List<String>> MQTT_TOPICS =
      Setting.define(
              "MQTT_TOPICS",
              "mqtt.topics",
              ValueTypes.topicFilters(),
              "Comma-separated MQTT topic filters, each may be `$share/<group>/<filter>`;"
                  + " required unless the TOML file has `[[mqtt.routes]]`")
          .withFlag("--topics")
          .asRequired();

  public static final Setting<String> MQTT_DANUBE_TOPIC =
      Setting.define(
              "MQTT_DANUBE_TOPIC",
              "mqtt.danube_topic",
              ValueTypes.danubeTopic(),
              "Danube topic for every filter of MQTT_TOPICS (and for routes without `to`)")
          .withDefaultText("derived per filter, e.g. `/mqtt/sensors_all`")
          .withFlag("--danube-topic");

  public static final Setting<Integer> MQTT_QOS =
      Setting.define(
              "MQTT_QOS",
              "mqtt.qos",
              ValueTypes.qos(),
              "Subscription QoS level: 0, 1 or 2 (also AtMostOnce, AtLeastOnce, ExactlyOnce)")
          .withDefault(1);

  public static final Setting<String> MQTT_SHARED_GROUP =
      Setting.define(
          "MQTT_SHARED_GROUP",
          "mqtt.shared_group",
          ValueTypes.sharedGroup(),
          "Subscribe to every filter as `$share/<group>/<filter>` so that replicas in the group"
              + " share the messages; routing and derived names use the filter");

  public static final Setting<String> DEAD_LETTER_TOPIC =
      Setting.define(
          "DEAD_LETTER_TOPIC",
          "mqtt.dead_letter_topic",
          ValueTypes.danubeTopic(),
          "Danube topic for messages that cannot be delivered (rejected, oversize, failing their"
              + " schema); a route's `dead_letter_topic` overrides it. Unset: such messages are"
              + " counted, logged and acknowledged");

  public static final Setting<Integer> MQTT_PARTITIONS =
      Setting.define(
              "MQTT_PARTITIONS",
              "mqtt.partitions",
              integer(0, 10_000),
              "Danube partitions per target topic; 0 for a non-partitioned topic")
          .withDefault(0);

  public static final Setting<Boolean> RELIABLE_DISPATCH =
      Setting.define(
              "RELIABLE_DISPATCH",
              "mqtt.reliable_dispatch",
              bool(),
              "Use Danube reliable dispatch (stored before delivery)")
          .withDefault(true);

  public static final Setting<String> MQTT_USERNAME =
      Setting.define("MQTT_USERNAME", "mqtt.username", text(), "Authentication username");

  public static final Setting<String> MQTT_PASSWORD =
      Setting.define("MQTT_PASSWORD", "mqtt.password", text(), "Authentication password")
          .asSecret();

  public static final Setting<Path> MQTT_PASSWORD_FILE =
      Setting.define(
          "MQTT_PASSWORD_FILE",
          "mqtt.password_file",
          readableFile(),
          "File holding the password (trailing newline ignored); instead of MQTT_PASSWORD");

  public static final Setting<Boolean> MQTT_USE_TLS =
      Setting.define("MQTT_USE_TLS", "mqtt.use_tls", bool(), "Enable TLS towards the MQTT broker")
          .withDefault(false);

  public static final Setting<Path> MQTT_TLS_CA_FILE =
      Setting.define(
          "MQTT_TLS_CA_FILE",
          "mqtt.tls_ca_file",
          readableFile(),
          "PEM CA bundle to trust instead of the JVM default");

  public static final Setting<Path> MQTT_TLS_CERT_FILE =
      Setting.define(
          "MQTT_TLS_CERT_FILE",
          "mqtt.tls_cert_file",
          readableFile(),
          "PEM client certificate for mutual TLS (needs MQTT_TLS_KEY_FILE)");

  public static final Setting<Path> MQTT_TLS_KEY_FILE =
      Setting.define(
          "MQTT_TLS_KEY_FILE",
          "mqtt.tls_key_file",
          readableFile(),
          "PEM private key for mutual TLS (needs MQTT_TLS_CERT_FILE)");

  public static final Setting<Boolean> MQTT_TLS_INSECURE_SKIP_VERIFY =
      Setting.define(
              "MQTT_TLS_INSECURE_SKIP_VERIFY",
              "mqtt.tls_insecure_skip_verify",
              bool(),
              "Skip hostname verification of the MQTT broker certificate (testing only)")
          .withDefault(false);

  public static final Setting<Integer> MQTT_PROTOCOL_VERSION =
      Setting.define(
              "MQTT_PROTOCOL_VERSION",
              "mqtt.protocol_version",
              ValueTypes.protocolVersion(),
              "MQTT protocol version: 3 (3.1.1) or 5")
          .withDefault(3);

  public static final Setting<Integer> MQTT_KEEP_ALIVE_SECS =
      Setting.define(
              "MQTT_KEEP_ALIVE_SECS",
              "mqtt.keep_alive_secs",
              integer(0, 65535),
              "Keep-alive interval in seconds; 0 disables")
          .withDefault(60);

  public static final Setting<Boolean> MQTT_CLEAN_SESSION =
      Setting.define(
              "MQTT_CLEAN_SESSION",
              "mqtt.clean_session",
              bool(),
              "Clean session on connect; false keeps subscriptions and queued QoS 1/2 messages")
          .withDefault(true);

  public static final Setting<Long> MQTT_SESSION_EXPIRY_SECS =
      Setting.define(
              "MQTT_SESSION_EXPIRY_SECS",
              "mqtt.session_expiry_secs",
              longInteger(0, MqttSettings.SESSION_NEVER_EXPIRES),
              "MQTT 5: how long the broker keeps the session after a disconnect, seconds;"
                  + " 4294967295 never expires (brokers may cap it). No effect with MQTT 3.1.1,"
                  + " where MQTT_CLEAN_SESSION=false keeps the session until the broker's own"
                  + " expiry")
          .withDefaultText("`0` with MQTT_CLEAN_SESSION=true, `4294967295` with false");

  public static final Setting<RetainHandling> MQTT_RETAIN_HANDLING =
      Setting.define(
              "MQTT_RETAIN_HANDLING",
              "mqtt.retain_handling",
              choice(RetainHandling.class, RetainHandling::configName),
              "Retained messages at subscribe: `send` always, `send-new` only for a new"
                  + " subscription (not when a session is resumed), `none` never. MQTT 5"
                  + " subscription option; with 3.1.1 the connector drops those retained copies"
                  + " itself")
          .withDefault(RetainHandling.SEND);

  public static final Setting<Boolean> MQTT_INCLUDE_METADATA =
      Setting.define(
              "MQTT_INCLUDE_METADATA",
              "mqtt.include_metadata",
              bool(),
              "Add `mqtt.*` and `source` attributes to messages")
          .withDefault(true);

  public static final Setting<Integer> MQTT_MAX_PACKET_SIZE =
      Setting.define(
              "MQTT_MAX_PACKET_SIZE",
              "mqtt.max_packet_size",
              integer(1, MQTT_MAX_PACKET),
              "Largest MQTT packet accepted, bytes")
          .withDefault(10_485_760);

  public static final Setting<Boolean> DANUBE_TLS =
      Setting.define("DANUBE_TLS", "danube.tls", bool(), "Use TLS towards Danube")
          .withDefault(false)
          .withDefaultText("`false` (`true` for an `https://` DANUBE_SERVICE_URL)");

  public static final Setting<Path> DANUBE_TLS_CA_FILE =
      Setting.define(
          "DANUBE_TLS_CA_FILE",
          "danube.tls_ca_file",
          readableFile(),
          "PEM CA bundle to trust for Danube instead of the JVM default");

  public static final Setting<Path> DANUBE_TLS_CERT_FILE =
      Setting.define(
          "DANUBE_TLS_CERT_FILE",
          "danube.tls_cert_file",
          readableFile(),
          "PEM client certificate for mutual TLS to Danube (needs DANUBE_TLS_KEY_FILE)");

  public static final Setting<Path> DANUBE_TLS_KEY_FILE =
      Setting.define(
          "DANUBE_TLS_KEY_FILE",
          "danube.tls_key_file",
          readableFile(),
          "PEM private key for mutual TLS to Danube (needs DANUBE_TLS_CERT_FILE)");

  public static final Setting<String> DANUBE_ADMIN_URL =
      Setting.define(
          "DANUBE_ADMIN_URL",
          "danube.admin_url",
          ValueTypes.adminUrl(),
          "Danube admin API, e.g. `http://localhost:50051`; when set, the namespaces of the route"
              + " targets are checked at start");

  public static final Setting<Boolean> DANUBE_CREATE_NAMESPACES =
      Setting.define(
              "DANUBE_CREATE_NAMESPACES",
              "danube.create_namespaces",
              bool(),
              "Create missing target namespaces through DANUBE_ADMIN_URL instead of failing")
          .withDefault(false);

  public static final Setting<String> DANUBE_TOKEN =
      Setting.define("DANUBE_TOKEN", "danube.token", text(), "Bearer JWT sent to Danube; needs TLS")
          .asSecret();

  public static final Setting<Path> DANUBE_TOKEN_FILE =
      Setting.define(
          "DANUBE_TOKEN_FILE",
          "danube.token_file",
          readableFile(),
          "File holding the Danube JWT (trailing newline ignored); instead of DANUBE_TOKEN");

  public static final Setting<Integer> MAX_IN_FLIGHT =
      Setting.define(
              "MAX_IN_FLIGHT",
              "runtime.max_in_flight",
              integer(1, 65535),
              "Most QoS 1/2 messages received but not yet acknowledged by Danube; intake pauses"
                  + " when reached")
          .withDefault(64);

  public static final Setting<Long> MAX_IN_FLIGHT_BYTES =
      Setting.define(
              "MAX_IN_FLIGHT_BYTES",
              "runtime.max_in_flight_bytes",
              longInteger(1, 1L << 40),
              "Most payload bytes held between MQTT and Danube; intake pauses when reached. A"
                  + " single larger message is still admitted when nothing else is held")
          .withDefault(RuntimeSettings.DEFAULT_MAX_IN_FLIGHT_BYTES)
          .withDefaultText("`16777216` (16 MiB)");

  public static final Setting<Ordering> ORDERING =
      Setting.define(
              "ORDERING",
              "runtime.ordering",
              choice(Ordering.class, Ordering::configName),
              "`per_topic`: messages of one MQTT topic reach Danube in arrival order (one send in"
                  + " flight per topic); `none`: the whole window pipelines, faster for hot topics,"
                  + " order per topic not guaranteed")
          .withDefault(Ordering.PER_TOPIC);

  public static final Setting<Integer> QOS0_BUFFER =
      Setting.define(
              "QOS0_BUFFER",
              "runtime.qos0_buffer",
              integer(1, 10_000_000),
              "Most QoS 0 messages waiting for Danube; beyond it they are dropped and counted")
          .withDefault(10_000);

  public static final Setting<Integer> DRAIN_TIMEOUT_SECS =
      Setting.define(
              "DRAIN_TIMEOUT_SECS",
              "runtime.drain_timeout_secs",
              integer(0, 3600),
              "How long shutdown waits for in-flight messages, seconds")
          .withDefault(30);

  public static final Setting<Integer> STALL_TIMEOUT_SECS =
      Setting.define(
              "STALL_TIMEOUT_SECS",
              "runtime.stall_timeout_secs",
              integer(1, 86_400),
              "Liveness fails when acknowledgements are outstanding and none completed for this"
                  + " long, seconds")
          .withDefault(60);

  public static final Setting<Integer> METRICS_PORT =
      Setting.define(
              "METRICS_PORT",
              "runtime.metrics_port",
              integer(0, 65535),
              "Port of `/metrics`, `/health` and `/ready`; 0 disables")
          .withDefault(9090)
          .withTomlAlias("processing.metrics_port");

  public static final Setting<String> METRICS_BIND_ADDRESS =
      Setting.define(
              "METRICS_BIND_ADDRESS",
              "runtime.metrics_bind_address",
              ValueTypes.bindAddress(),
              "Address the `/metrics`, `/health` and `/ready` server listens on: an IP address or"
                  + " a host name that resolves; `127.0.0.1` keeps it on the machine")
          .withDefault(RuntimeSettings.DEFAULT_METRICS_BIND_ADDRESS)
          .withDefaultText("`0.0.0.0` (all interfaces)");

  public static final Setting<Integer> POLL_INTERVAL_MS =
      Setting.define(
              "POLL_INTERVAL_MS",
              "runtime.poll_interval_ms",
              integer(1, 3_600_000),
              "Accepted for compatibility but has no effect (the MQTT client is push-based);"
                  + " a warning is logged when set")
          .withDefault(100)
          .withTomlAlias("processing.poll_interval_ms");

  public static final Setting<String> LOG_LEVEL =
      Setting.define(
              "LOG_LEVEL",
              "runtime.log_level",
              oneOf("trace", "debug", "info", "warn", "error", "off"),
              "Root log level")
          .withDefault("info")
          .withFlag("--log-level")
          .withTomlAlias("processing.log_level");

  public static final Setting<String> LOG_FORMAT =
      Setting.define(
              "LOG_FORMAT",
              "runtime.log_format",
              oneOf("text", "json"),
              "Log format: text or json (one object per line)")
          .withDefault("text");

  // ---- the sink connector (Danube -> MQTT) ---------------------------------------------------

  public static final Setting<List<String>> DANUBE_TOPICS =
      Setting.define(
              "DANUBE_TOPICS",
              "sink.topics",
              ValueTypes.danubeTopics(),
              "Sink: comma-separated Danube topics to consume; required unless the TOML file has"
                  + " `[[sink.routes]]`")
          .withFlag("--danube-topics");

  public static final Setting<String> DANUBE_SUBSCRIPTION =
      Setting.define(
              "DANUBE_SUBSCRIPTION",
              "sink.subscription",
              ValueTypes.name(),
              "Sink: Danube subscription name; replicas with the same name share it")
          .withDefaultText("CONNECTOR_NAME");

  public static final Setting<SinkSubscriptionType> DANUBE_SUBSCRIPTION_TYPE =
      Setting.define(
              "DANUBE_SUBSCRIPTION_TYPE",
              "sink.subscription_type",
              choice(SinkSubscriptionType.class, SinkSubscriptionType::configName),
              "Sink: `exclusive`, `shared`, `failover` or `key_shared`; `shared` and"
                  + " `key_shared` spread the messages over replicas")
          .withDefault(SinkSubscriptionType.SHARED);

  public static final Setting<String> MQTT_TOPIC_TEMPLATE =
      Setting.define(
              "MQTT_TOPIC_TEMPLATE",
              "sink.topic_template",
              ValueTypes.topicTemplate(),
              "Sink: MQTT topic of each message, with `{attr.NAME}`, `{danube_topic}` and `{key}`;"
                  + " `{attr.mqtt.topic}` restores the topic a message came from through the"
                  + " source")
          .withDefault("{attr.mqtt.topic}");

  public static final Setting<Integer> SINK_MQTT_QOS =
      Setting.define("MQTT_QOS", "sink.qos", ValueTypes.qos(), "Sink: publish QoS level: 0, 1 or 2")
          .withDefault(1);

  public static final Setting<RetainMode> MQTT_RETAIN =
      Setting.define(
              "MQTT_RETAIN",
              "sink.retain",
              choice(RetainMode.class, RetainMode::configName),
              "Sink: retain flag of the PUBLISHes: `true`, `false`, or `preserve` (the message's"
                  + " `mqtt.retain` attribute)")
          .withDefault(RetainMode.FALSE);

  public static final Setting<Integer> SINK_MAX_IN_FLIGHT =
      Setting.define(
              "MAX_IN_FLIGHT",
              "runtime.max_in_flight",
              integer(1, 65535),
              "Sink: most messages published but not yet acknowledged by the MQTT broker (PUBACK,"
                  + " PUBCOMP); consuming pauses when reached")
          .withDefault(64);

  public static final Setting<String> SINK_DEAD_LETTER_TOPIC =
      Setting.define(
          "DEAD_LETTER_TOPIC",
          "sink.dead_letter_topic",
          ValueTypes.danubeTopic(),
          "Sink: Danube topic for messages whose MQTT topic cannot be rendered (attributes plus"
              + " `dlq.reason`, `dlq.error`). Unset: such messages are counted, logged and"
              + " acknowledged");

  public static final Setting<Boolean> SINK_MARK_PUBLISHED =
      Setting.define(
              "SINK_MARK_PUBLISHED",
              "sink.mark_published",
              bool(),
              "Sink: add the user property `dsm.sink` (the connector name) to every PUBLISH (MQTT"
                  + " 5), so that a source with MQTT_SKIP_MARKED=true skips them")
          .withDefault(true);

  public static final Setting<String> SINK_TOPIC_PREFIX =
      Setting.define(
          "SINK_TOPIC_PREFIX",
          "sink.topic_prefix",
          text(),
          "Sink: text put before every rendered MQTT topic; with MQTT 3.1.1 the loop marker a"
              + " source skips through MQTT_SKIP_TOPIC_PREFIX");

  // ---- loop prevention on the source side ------------------------------------------------------

  public static final Setting<Boolean> MQTT_SKIP_MARKED =
      Setting.define(
              "MQTT_SKIP_MARKED",
              "mqtt.skip_marked",
              bool(),
              "Skip (acknowledge, count, not forward) messages a sink published: those with the"
                  + " MQTT 5 user property `dsm.sink`")
          .withDefault(false);

  public static final Setting<String> MQTT_SKIP_TOPIC_PREFIX =
      Setting.define(
          "MQTT_SKIP_TOPIC_PREFIX",
          "mqtt.skip_topic_prefix",
          text(),
          "Skip (acknowledge, count, not forward) messages whose topic starts with this prefix,"
              + " the SINK_TOPIC_PREFIX of a sink (loop prevention with MQTT 3.1.1)");

  public static final Setting<Integer> DYNAMIC_PRODUCER_CACHE =
      Setting.define(
              "DYNAMIC_PRODUCER_CACHE",
              "runtime.dynamic_producer_cache",
              integer(1, 1_000_000),
              "Most Danube producers kept open for targets rendered from route templates (`to` with"
                  + " `$1`..`$9`); beyond it the least recently used idle producer is closed")
          .withDefault(RuntimeSettings.DEFAULT_DYNAMIC_PRODUCER_CACHE);

  /** Who connects where: first in both tables. */
  private static final List<Setting<?>> IDENTITY =
      List.of(DANUBE_SERVICE_URL, CONNECTOR_NAME, MQTT_BROKER_HOST, MQTT_CLIENT_ID);

  /** The MQTT connection: port, credentials, TLS and protocol version. */
  private static final List<Setting<?>> MQTT_CONNECTION =
      List.of(
          MQTT_BROKER_PORT,
          MQTT_USERNAME,
          MQTT_PASSWORD,
          MQTT_PASSWORD_FILE,
          MQTT_USE_TLS,
          MQTT_TLS_CA_FILE,
          MQTT_TLS_CERT_FILE,
          MQTT_TLS_KEY_FILE,
          MQTT_TLS_INSECURE_SKIP_VERIFY,
          MQTT_PROTOCOL_VERSION);

  /** The MQTT session. */
  private static final List<Setting<?>> MQTT_SESSION =
      List.of(MQTT_KEEP_ALIVE_SECS, MQTT_CLEAN_SESSION, MQTT_SESSION_EXPIRY_SECS);

  /** The Danube connection: TLS and token. */
  private static final List<Setting<?>> DANUBE_CONNECTION =
      List.of(
          DANUBE_TLS,
          DANUBE_TLS_CA_FILE,
          DANUBE_TLS_CERT_FILE,
          DANUBE_TLS_KEY_FILE,
          DANUBE_TOKEN,
          DANUBE_TOKEN_FILE);

  /** Shutdown, liveness and the ops server. */
  private static final List<Setting<?>> OPERATIONS =
      List.of(DRAIN_TIMEOUT_SECS, STALL_TIMEOUT_SECS, METRICS_PORT, METRICS_BIND_ADDRESS);

  /** Logging and the configuration file: last in both tables. */
  private static final List<Setting<?>> LOGGING_AND_FILE =
      List.of(LOG_LEVEL, LOG_FORMAT, CONNECTOR_CONFIG_PATH);

  /** Every setting, in documentation order. */
  public static final List<Setting<?>> ALL =
      concat(
          IDENTITY,
          List.of(MQTT_TOPICS),
          MQTT_CONNECTION,
          List.of(MQTT_QOS, MQTT_DANUBE_TOPIC, MQTT_PARTITIONS, MQTT_SHARED_GROUP),
          MQTT_SESSION,
          List.of(
              MQTT_RETAIN_HANDLING,
              MQTT_INCLUDE_METADATA,
              MQTT_MAX_PACKET_SIZE,
              RELIABLE_DISPATCH,
              DEAD_LETTER_TOPIC,
              MQTT_SKIP_MARKED,
              MQTT_SKIP_TOPIC_PREFIX),
          DANUBE_CONNECTION,
          List.of(
              DANUBE_ADMIN_URL,
              DANUBE_CREATE_NAMESPACES,
              MAX_IN_FLIGHT,
              MAX_IN_FLIGHT_BYTES,
              ORDERING,
              QOS0_BUFFER,
              DYNAMIC_PRODUCER_CACHE),
          OPERATIONS,
          List.of(POLL_INTERVAL_MS),
          LOGGING_AND_FILE);

  /** Every setting of the sink connector, in documentation order. */
  public static final List<Setting<?>> SINK =
      concat(
          IDENTITY,
          List.of(
              DANUBE_TOPICS,
              MQTT_TOPIC_TEMPLATE,
              DANUBE_SUBSCRIPTION,
              DANUBE_SUBSCRIPTION_TYPE,
              SINK_MQTT_QOS,
              MQTT_RETAIN,
              SINK_DEAD_LETTER_TOPIC,
              SINK_MARK_PUBLISHED,
              SINK_TOPIC_PREFIX),
          MQTT_CONNECTION,
          MQTT_SESSION,
          List.of(MQTT_MAX_PACKET_SIZE),
          DANUBE_CONNECTION,
          List.of(SINK_MAX_IN_FLIGHT),
          OPERATIONS,
          LOGGING_AND_FILE);

  @SafeVarargs
  private static List<Setting<?>> concat(List<Setting<?>>... parts) {
    return Stream.of(parts).flatMap(List::stream).toList();
  }

  /** The setting with this environment name. */
  public static Optional<Setting<?>> byEnv(String env) {
    return ALL.stream().filter(s -> s.env().equals(env)).findFirst();
  }

  /** The setting with this command-line flag. */
  public static Optional<Setting<?>> byFlag(String flag) {
    return ALL.stream().filter(s -> flag.equals(s.flag())).findFirst();
  }
}
