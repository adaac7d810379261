/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static io.dsm.connector.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.config.SchemaSettings;
import io.dsm.connector.config.SchemaType;
import io.dsm.connector.config.ValidationPolicy;
import io.dsm.connector.config.VersionStrategy;
import io.dsm.connector.routing.RoutingKey;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.SchemaInfo;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.testsupport.Closer;
import io.dsm.testsupport.MosquittoProcess;
import io.dsm.testsupport.MosquittoProcess.Listener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas, the dead-letter topic and dynamic routing end to end: Mosquitto (the system's 2.0.11),
 * the connector, and the testkit's Danube with its schema registry. "Acknowledged to MQTT" is
 * observed as the connector's intake window being empty again: the window finishes a message (and
 * so acknowledges it) only after Danube or the dead-letter topic stored it.
 */
@Tag("interop")
@Timeout(90)
class SchemasAndDeadLetterInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String DLQ = "/dlq/undeliverable";
  private static final String SENSOR_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"number\"}},"
          + "\"required\":[\"temp\"]}";

  @RegisterExtension
  static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.perTest(b -> {});

  private static MosquittoProcess mosquitto;
  private static TestPublisher publisher;

  private InMemoryDanubeBroker danube;
  private final Closer toClose = new Closer();

  @BeforeAll
  static void startMosquitto() throws Exception {
    mosquitto = MosquittoProcess.builder().listener(Listener.anonymous()).start();
    publisher = new TestPublisher(mosquitto.host(), mosquitto.port());
  }

  @AfterAll
  static void stopMosquitto() throws Exception {
    publisher.close();
    mosquitto.close();
  }

  @BeforeEach
  void broker(InMemoryDanubeBroker broker) {
    danube = broker;
    danube.createNamespace("iot");
    danube.createNamespace("dlq");
  }

  @AfterEach
  void stopAll() throws Exception {
    toClose.closeAll();
  }

  // ---- schemas: each type, each policy -------------------------------------------------------

  @Test
  void enforcedJsonSchemaStampsValidMessagesAndDeadLettersInvalidOnesByteForByte()
      throws Exception {
    String prefix = unique();
    MqttSourceConnector c =
        started(
            List.of(route(prefix + "/sensors/#", "/iot/sensors", DLQ)),
            List.of(
                schema(
                    "/iot/sensors",
                    "sensors-" + prefix,
                    SchemaType.JSON_SCHEMA,
                    ValidationPolicy.ENFORCE)));

    publisher.publish(prefix + "/sensors/a", bytes("{\"temp\": 21.5}"), 1, false);
    byte[] invalid = bytes("{\"temp\": \"warm\"}");
    publisher.publish(prefix + "/sensors/b", invalid, 1, false);
    byte[] notJson = {(byte) 0xff, 0x00, 0x7b};
    publisher.publish(prefix + "/sensors/c", notJson, 2, false);

    await().atMost(WAIT).until(() -> danube.topic(DLQ).messageCount() == 2);
    await().atMost(WAIT).until(() -> danube.topic("/iot/sensors").messageCount() == 1);
    StoredMessage valid = danube.topic("/iot/sensors").messages().get(0);
    assertThat(valid.payloadUtf8()).isEqualTo("{\"temp\": 21.5}");
    assertThat(valid.schemaId()).isNotNull();
    assertThat(valid.schemaVersion()).isEqualTo(1);

    List<StoredMessage> letters = danube.topic(DLQ).messages();
    StoredMessage first = letters.get(0);
    assertThat(first.payload()).isEqualTo(invalid);
    assertThat(first.schemaId()).isNull();
    assertThat(first.attributes())
        .containsEntry("dlq.reason", "schema")
        .containsEntry("dlq.target", "/iot/sensors")
        .containsEntry("mqtt.topic", prefix + "/sensors/b")
        .containsEntry("mqtt.qos", "1")
        .containsKey("dlq.error");
    assertThat(first.attributes().get("dlq.error")).doesNotContain("\n").contains("temp");
    assertThat(letters.get(1).payload()).isEqualTo(notJson);
    assertThat(letters.get(1).attributes()).containsEntry("mqtt.topic", prefix + "/sensors/c");

    await().atMost(WAIT).until(() -> c.backlog().inFlight() == 0); // all three acknowledged
    assertThat(c.stats().deadLettered()).isEqualTo(2);
    assertThat(c.stats().processed()).isEqualTo(1);
  }

  @Test
  void stringNumberAndBytesSchemasCheckTheirPayloads() throws Exception {
    String p = unique();
    started(
        List.of(
            route(p + "/text/#", "/iot/text", DLQ),
            route(p + "/num/#", "/iot/num", DLQ),
            route(p + "/raw/#", "/iot/raw", DLQ)),
        List.of(
            schema("/iot/text", "text-" + p, SchemaType.STRING, ValidationPolicy.ENFORCE),
            schema("/iot/num", "num-" + p, SchemaType.NUMBER, ValidationPolicy.ENFORCE),
            schema("/iot/raw", "raw-" + p, SchemaType.BYTES, ValidationPolicy.ENFORCE)));

    publisher.publish(p + "/text/a", bytes("grüße"), 1, false);
    publisher.publish(p + "/text/b", new byte[] {(byte) 0xc3, 0x28}, 1, false); // bad UTF-8
    publisher.publish(p + "/num/a", bytes("21.5"), 1, false);
    publisher.publish(p + "/num/b", bytes(" -3e2 "), 1, false);
    publisher.publish(p + "/num/c", bytes("warm"), 1, false);
    publisher.publish(p + "/num/d", bytes("1 2"), 1, false);
    publisher.publish(p + "/raw/a", new byte[] {0, (byte) 0xff, 1}, 1, false);

    await().atMost(WAIT).until(() -> danube.topic(DLQ).messageCount() == 3);
    await().atMost(WAIT).until(() -> danube.topic("/iot/num").messageCount() == 2);
    await().atMost(WAIT).until(() -> danube.topic("/iot/text").messageCount() == 1);
    await().atMost(WAIT).until(() -> danube.topic("/iot/raw").messageCount() == 1);
    assertThat(danube.topic("/iot/text").payloadsUtf8()).containsExactly("grüße");
    assertThat(danube.topic("/iot/num").payloadsUtf8()).containsExactly("21.5", " -3e2 ");
    assertThat(danube.topic(DLQ).messages())
        .extracting(m -> m.attributes().get("mqtt.topic"))
        .containsExactlyInAnyOrder(p + "/text/b", p + "/num/c", p + "/num/d");
    for (String t : List.of("/iot/text", "/iot/num", "/iot/raw")) {
      assertThat(danube.topic(t).messages()).allSatisfy(m -> assertThat(m.schemaId()).isNotNull());
    }
  }

  @Test
  void warnSendsMismatchesAndCountsThemAndNoneOnlyStamps() throws Exception {
    String p = unique();
    MqttSourceConnector c =
        started(
            List.of(route(p + "/w/#", "/iot/warned", DLQ), route(p + "/n/#", "/iot/plain", DLQ)),
            List.of(
                schema("/iot/warned", "w-" + p, SchemaType.JSON_SCHEMA, ValidationPolicy.WARN),
                schema("/iot/plain", "n-" + p, SchemaType.JSON_SCHEMA, ValidationPolicy.NONE)));

    publisher.publish(p + "/w/a", bytes("not json"), 1, false);
    publisher.publish(p + "/n/a", bytes("not json either"), 1, false);

    await().atMost(WAIT).until(() -> danube.topic("/iot/warned").messageCount() == 1);
    await().atMost(WAIT).until(() -> danube.topic("/iot/plain").messageCount() == 1);
    assertThat(danube.topic("/iot/warned").messages().get(0).schemaId()).isNotNull();
    assertThat(danube.topic("/iot/plain").messages().get(0).schemaId()).isNotNull();
    assertThat(danube.topic(DLQ).messageCount()).isZero();
    assertThat(scrapeValue(c, "danube_connector_schema_mismatches_total", "policy=\"warn\""))
        .isEqualTo(1.0);
  }

  @Test
  void withoutDeadLetterTopicSchemaFailuresAreCountedAndAcknowledged() throws Exception {
    String p = unique();
    MqttSourceConnector c =
        started(
            List.of(route(p + "/s/#", "/iot/strict", null)),
            List.of(schema("/iot/strict", "s-" + p, SchemaType.NUMBER, ValidationPolicy.ENFORCE)));

    publisher.publish(p + "/s/a", bytes("NaN?"), 1, false);
    publisher.publish(p + "/s/b", bytes("7"), 1, false);

    await().atMost(WAIT).until(() -> danube.topic("/iot/strict").messageCount() == 1);
    await().atMost(WAIT).until(() -> c.backlog().inFlight() == 0);
    assertThat(danube.topic("/iot/strict").payloadsUtf8()).containsExactly("7");
    assertThat(c.stats().failed()).isEqualTo(1);
    assertThat(c.stats().deadLettered()).isZero();
  }

  @Test
  void theRustConnectorsExampleWithSchemasRunsUnchanged(@TempDir Path dir) throws Exception {
    // Danube's own example file; only its relative schema paths are made absolute, and the
    // addresses come from the environment as in a deployment.
    Path upstream = Path.of("..", "connector-config", "src", "test", "resources", "upstream");
    String toml =
        Files.readString(upstream.resolve("connector-with-schemas.toml"), StandardCharsets.UTF_8)
            .replace(
                "src/test/resources/upstream/schemas/",
                upstream.resolve("schemas").toAbsolutePath().normalize() + "/");
    Path file = Files.writeString(dir.resolve("connector.toml"), toml, StandardCharsets.UTF_8);
    ConnectorSettings loaded =
        ConfigLoader.load(
                EnvSource.of(
                    Map.of(
                        "CONNECTOR_CONFIG_PATH", file.toString(),
                        "DANUBE_SERVICE_URL", danube.serviceUrl(),
                        "MQTT_BROKER_HOST", mosquitto.host(),
                        "MQTT_BROKER_PORT", Integer.toString(mosquitto.port()),
                        "MQTT_CLIENT_ID", "conn-" + unique(),
                        "METRICS_PORT", "0")),
                Map.of())
            .settings();
    assertThat(loaded.schemas()).hasSize(5);
    startedWith(TestSettings.connector(loaded));

    publisher.publish("sensors/hall/t1", bytes("{\"sensor_id\":\"t1\",\"value\":21.5}"), 1, false);
    publisher.publish("metrics/m1", bytes("42"), 1, false);

    await().atMost(WAIT).until(() -> stored("/iot/sensors").size() == 1);
    await().atMost(WAIT).until(() -> stored("/iot/metrics").size() == 1);
    StoredMessage sensor = stored("/iot/sensors").get(0);
    assertThat(sensor.payloadUtf8()).isEqualTo("{\"sensor_id\":\"t1\",\"value\":21.5}");
    assertThat(sensor.schemaId()).isNotNull();
    assertThat(sensor.schemaVersion()).isEqualTo(1);
    assertThat(stored("/iot/metrics").get(0).schemaId())
        .isNotNull()
        .isNotEqualTo(sensor.schemaId()); // one id per subject
  }

  /** Every message of a partitioned topic, over its partitions. */
  private List<StoredMessage> stored(String topic) {
    return danube.topics().stream()
        .filter(t -> t.startsWith(topic + "-part-"))
        .flatMap(t -> danube.topic(t).messages().stream())
        .toList();
  }

  // ---- start-up ---------------------------------------------------------------------------------

  @Test
  void aMissingSubjectWithoutAutoRegisterIsAConfigurationError() {
    SchemaSettings s =
        new SchemaSettings(
            "/iot/sensors",
            "never-registered-" + unique(),
            SchemaType.JSON_SCHEMA,
            null,
            SENSOR_SCHEMA,
            false,
            VersionStrategy.LATEST,
            ValidationPolicy.ENFORCE);
    MqttSourceConnector c =
        connector(List.of(route(unique() + "/#", "/iot/sensors", null)), List.of(s));
    assertThatThrownBy(c::start)
        .isInstanceOfSatisfying(
            ConnectorStartException.class,
            e -> assertThat(e.kind()).isEqualTo(ConnectorStartException.Kind.CONFIGURATION))
        .hasMessageContaining("is not registered")
        .hasMessageContaining("auto_register");
  }

  @Test
  void anIncompatibleRegistrationIsAConfigurationErrorAndAPinnedVersionIsUsed() throws Exception {
    String subject = "compat-" + unique();
    try (DanubeClient client = DanubeClients.create(DanubeClientConfig.of(danube.serviceUrl()))) {
      SchemaInfo v1 =
          client
              .schemaRegistry()
              .registerJsonSchema(subject, SENSOR_SCHEMA)
              .get(10, TimeUnit.SECONDS);
      assertThat(v1.version()).isEqualTo(1);
    }
    String changedType =
        "{\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"string\"}},"
            + "\"required\":[\"temp\"]}";
    SchemaSettings incompatible =
        new SchemaSettings(
            "/iot/sensors",
            subject,
            SchemaType.JSON_SCHEMA,
            null,
            changedType,
            true,
            VersionStrategy.LATEST,
            ValidationPolicy.ENFORCE);
    MqttSourceConnector c =
        connector(List.of(route(unique() + "/#", "/iot/sensors", null)), List.of(incompatible));
    assertThatThrownBy(c::start)
        .isInstanceOfSatisfying(
            ConnectorStartException.class,
            e -> assertThat(e.kind()).isEqualTo(ConnectorStartException.Kind.CONFIGURATION))
        .hasMessageContaining(subject);

    // The registered subject, used as it is (auto_register off) and pinned to version 1.
    String p = unique();
    SchemaSettings pinned =
        new SchemaSettings(
            "/iot/sensors",
            subject,
            SchemaType.JSON_SCHEMA,
            null,
            SENSOR_SCHEMA,
            false,
            VersionStrategy.pinned(1),
            ValidationPolicy.ENFORCE);
    startedWith(connector(List.of(route(p + "/#", "/iot/sensors", null)), List.of(pinned)));
    publisher.publish(p + "/x", bytes("{\"temp\": 1}"), 1, false);
    await().atMost(WAIT).until(() -> danube.topic("/iot/sensors").messageCount() == 1);
    assertThat(danube.topic("/iot/sensors").messages().get(0).schemaVersion()).isEqualTo(1);
  }

  @Test
  void aTopicBoundToAnotherSubjectIsAConfigurationError() throws Exception {
    String first = "first-" + unique();
    try (DanubeClient client = DanubeClients.create(DanubeClientConfig.of(danube.serviceUrl()))) {
      client.schemaRegistry().registerJsonSchema(first, SENSOR_SCHEMA).get(10, TimeUnit.SECONDS);
    }
    // A first connector binds /iot/bound to its subject.
    startedWith(
            connector(
                List.of(route(unique() + "/#", "/iot/bound", null)),
                List.of(
                    schema("/iot/bound", first, SchemaType.JSON_SCHEMA, ValidationPolicy.NONE))))
        .close();

    MqttSourceConnector c =
        connector(
            List.of(route(unique() + "/#", "/iot/bound", null)),
            List.of(
                schema(
                    "/iot/bound",
                    "second-" + unique(),
                    SchemaType.JSON_SCHEMA,
                    ValidationPolicy.NONE)));
    assertThatThrownBy(c::start)
        .isInstanceOfSatisfying(
            ConnectorStartException.class,
            e -> assertThat(e.kind()).isEqualTo(ConnectorStartException.Kind.CONFIGURATION))
        .hasMessageContaining("/iot/bound");
  }

  // ---- dead-letter topic: the other reasons --------------------------------------------------

  @Test
  void aMessageDanubeRejectsGoesToTheDeadLetterTopicByteForByte() throws Exception {
    String p = unique();
    String subject = "topic-policy-" + unique();
    try (DanubeClient client = DanubeClients.create(DanubeClientConfig.of(danube.serviceUrl()))) {
      client.schemaRegistry().registerJsonSchema(subject, SENSOR_SCHEMA).get(10, TimeUnit.SECONDS);
    }
    MqttSourceConnector c = started(List.of(route(p + "/#", "/iot/guarded", DLQ)), List.of());
    // An administrator makes the topic require its schema; the connector sends without one.
    danube.configureTopicSchema(
        "/iot/guarded", subject, io.dsm.danube.testkit.ValidationPolicy.ENFORCE, true);

    byte[] payload = bytes("{\"temp\": 3}");
    publisher.publish(p + "/a", payload, 1, false);

    await().atMost(WAIT).until(() -> danube.topic(DLQ).messageCount() == 1);
    StoredMessage letter = danube.topic(DLQ).messages().get(0);
    assertThat(letter.payload()).isEqualTo(payload);
    assertThat(letter.attributes())
        .containsEntry("dlq.reason", "rejected")
        .containsEntry("dlq.target", "/iot/guarded")
        .containsEntry("mqtt.topic", p + "/a");
    // Danube's own status and text (PERMISSION_DENIED "Unable to publish the message: ...").
    assertThat(letter.attributes().get("dlq.error"))
        .contains("PERMISSION_DENIED")
        .contains(
            "Unable to publish the message: Message missing schema_id for topic /iot/guarded"
                + " (expected subject: "
                + subject
                + ")");
    await().atMost(WAIT).until(() -> c.backlog().inFlight() == 0);
    assertThat(danube.topic("/iot/guarded").messageCount()).isZero();
    assertThat(
            scrapeValue(c, "danube_connector_messages_dead_lettered_total", "reason=\"rejected\""))
        .isEqualTo(1.0);
  }

  @Test
  void aMessageTooLargeForDanubeReachesTheDeadLetterTopicWithoutItsPayload() throws Exception {
    InMemoryDanubeBroker small =
        toClose.add(InMemoryDanubeBroker.builder().maxMessageSize(1000).start());
    small.createNamespace("iot");
    small.createNamespace("dlq");
    danube = small;
    String p = unique();
    MqttSourceConnector c = started(List.of(route(p + "/#", "/iot/big", DLQ)), List.of());

    publisher.publish(p + "/a", new byte[5000], 1, false);

    await().atMost(WAIT).until(() -> small.topic(DLQ).messageCount() == 1);
    StoredMessage letter = small.topic(DLQ).messages().get(0);
    assertThat(letter.payload()).isEmpty();
    assertThat(letter.attributes())
        .containsEntry("dlq.reason", "rejected")
        .containsEntry("dlq.payload_omitted", "true")
        .containsEntry("dlq.size", "5000")
        .containsEntry("dlq.target", "/iot/big");
    await().atMost(WAIT).until(() -> c.backlog().inFlight() == 0);
  }

  @Test
  void anOversizeMessageGoesToTheDeadLetterTopicAsMetadata() throws Exception {
    String p = unique();
    ConnectorSettings s = base(List.of(route(p + "/#", "/iot/data", DLQ)), List.of());
    MqttSourceConnector c =
        startedWith(
            TestSettings.connector(
                TestSettings.with(s, "mqtt", TestSettings.with(s.mqtt(), "maxPacketSize", 4096))));

    publisher.publish(p + "/huge", new byte[20_000], 1, false);
    publisher.publish(p + "/small", bytes("ok"), 1, false);

    await().atMost(WAIT).until(() -> danube.topic(DLQ).messageCount() == 1);
    await().atMost(WAIT).until(() -> danube.topic("/iot/data").messageCount() == 1);
    StoredMessage letter = danube.topic(DLQ).messages().get(0);
    assertThat(letter.payload()).isEmpty();
    assertThat(letter.attributes())
        .containsEntry("dlq.reason", "oversize")
        .containsEntry("dlq.target", "/iot/data")
        .containsEntry("mqtt.topic", p + "/huge");
    assertThat(Long.parseLong(letter.attributes().get("dlq.size"))).isGreaterThan(20_000);
    await().atMost(WAIT).until(() -> c.backlog().inFlight() == 0);
  }

  @Test
  void aDeadLetterIsAcknowledgedOnlyAfterTheDeadLetterTopicStoredIt() throws Exception {
    String p = unique();
    MqttSourceConnector c =
        started(
            List.of(route(p + "/#", "/iot/n", DLQ)),
            List.of(schema("/iot/n", "n-" + p, SchemaType.NUMBER, ValidationPolicy.ENFORCE)));
    danube.faults().failNextSends(DLQ, 3, "UNAVAILABLE", "dead-letter topic briefly away");
    danube.faults().holdSends();

    publisher.publish(p + "/a", bytes("not a number"), 1, false);

    await().atMost(WAIT).until(() -> danube.faults().heldSends() >= 1);
    assertThat(c.backlog().inFlight()).isEqualTo(1); // not acknowledged while unstored
    danube.faults().releaseSends();
    danube.faults().reset();
    await().atMost(WAIT).until(() -> danube.topic(DLQ).messageCount() >= 1);
    await().atMost(WAIT).until(() -> c.backlog().inFlight() == 0);
    assertThat(danube.topic(DLQ).messages().get(0).payloadUtf8()).isEqualTo("not a number");
  }

  // ---- dynamic routing --------------------------------------------------------------------------

  @Test
  void templatesRouteByCapturesAndUnrenderableTargetsGoToTheDeadLetterTopic() throws Exception {
    String p = unique();
    RouteSettings plants =
        new RouteSettings(
            p + "/plants/+/lines/+/#",
            "/iot/$1",
            1,
            0,
            true,
            null,
            DLQ,
            Map.of("plant", "$1", "line", "$2"),
            RoutingKey.parse("$2"));
    MqttSourceConnector c = started(List.of(plants), List.of());

    publisher.publish(p + "/plants/north/lines/7/temp", bytes("1"), 1, false);
    publisher.publish(p + "/plants/south.2/lines/3/temp", bytes("2"), 1, false);
    publisher.publish(p + "/plants//lines/3/temp", bytes("3"), 1, false);

    await().atMost(WAIT).until(() -> danube.topic("/iot/north").messageCount() == 1);
    await().atMost(WAIT).until(() -> danube.topic("/iot/south-2").messageCount() == 1);
    await().atMost(WAIT).until(() -> danube.topic(DLQ).messageCount() == 1);
    StoredMessage north = danube.topic("/iot/north").messages().get(0);
    assertThat(north.attributes()).containsEntry("plant", "north").containsEntry("line", "7");
    assertThat(north.routingKey()).isEqualTo("7");
    StoredMessage letter = danube.topic(DLQ).messages().get(0);
    assertThat(letter.payloadUtf8()).isEqualTo("3");
    assertThat(letter.attributes())
        .containsEntry("dlq.reason", "template")
        .containsEntry("dlq.target", "/iot/$1")
        .containsEntry("plant", "");
    await().atMost(WAIT).until(() -> c.backlog().inFlight() == 0);
  }

  @Test
  void aRenderedTargetInAMissingNamespaceGoesToTheDeadLetterTopicAndTheRestFlows()
      throws Exception {
    String p = unique();
    RouteSettings byNamespace =
        new RouteSettings(
            p + "/+/data", "/$1/data", 1, 0, true, null, DLQ, Map.of(), RoutingKey.TOPIC);
    MqttSourceConnector c =
        startedWith(
            TestSettings.connector(base(List.of(byNamespace), List.of()), Duration.ofSeconds(2)));

    publisher.publish(p + "/nowhere/data", bytes("lost?"), 1, false);
    publisher.publish(p + "/nowhere/data", bytes("lost again?"), 1, false);
    publisher.publish(p + "/iot/data", bytes("kept"), 1, false);

    await().atMost(WAIT).until(() -> danube.topic("/iot/data").messageCount() == 1);
    await().atMost(WAIT).until(() -> danube.topic(DLQ).messageCount() == 2);
    assertThat(danube.topic(DLQ).payloadsUtf8()).containsExactly("lost?", "lost again?");
    assertThat(danube.topic(DLQ).messages().get(0).attributes())
        .containsEntry("dlq.reason", "rejected")
        .containsEntry("dlq.target", "/nowhere/data");
    assertThat(danube.topic(DLQ).messages().get(0).attributes().get("dlq.error"))
        .contains("namespace");
    await().atMost(WAIT).until(() -> c.backlog().inFlight() == 0);
    assertThat(c.state()).isEqualTo(ConnectorState.RUNNING);
  }

  @Test
  void aRenderedTargetWithASchemaIsStampedAndCheckedAlsoForQos0() throws Exception {
    String p = unique();
    RouteSettings perDevice =
        new RouteSettings(
            p + "/dev/+", "/iot/dev_$1", 0, 0, true, null, DLQ, Map.of(), RoutingKey.TOPIC);
    started(
        List.of(perDevice),
        List.of(schema("/iot/dev_a", "dev-a-" + p, SchemaType.NUMBER, ValidationPolicy.ENFORCE)));

    publisher.publish(p + "/dev/a", bytes("12"), 0, false);
    publisher.publish(p + "/dev/a", bytes("twelve"), 0, false);
    publisher.publish(p + "/dev/b", bytes("twelve"), 0, false); // no schema on /iot/dev_b

    await().atMost(WAIT).until(() -> danube.topic("/iot/dev_a").messageCount() == 1);
    await().atMost(WAIT).until(() -> danube.topic("/iot/dev_b").messageCount() == 1);
    await().atMost(WAIT).until(() -> danube.topic(DLQ).messageCount() == 1);
    assertThat(danube.topic("/iot/dev_a").messages().get(0).schemaId()).isNotNull();
    assertThat(danube.topic("/iot/dev_b").messages().get(0).schemaId()).isNull();
    StoredMessage letter = danube.topic(DLQ).messages().get(0);
    assertThat(letter.payloadUtf8()).isEqualTo("twelve");
    assertThat(letter.attributes())
        .containsEntry("dlq.reason", "schema")
        .containsEntry("dlq.target", "/iot/dev_a")
        .containsEntry("mqtt.qos", "0");
  }

  @Test
  void theProducerCacheIsBoundedAndEvictsOnlyIdleProducers() throws Exception {
    String p = unique();
    RouteSettings dynamic =
        new RouteSettings(
            p + "/dev/+", "/iot/dev_$1", 1, 0, true, null, null, Map.of(), RoutingKey.TOPIC);
    ConnectorSettings s = base(List.of(dynamic), List.of());
    MqttSourceConnector c =
        startedWith(
            TestSettings.connector(
                TestSettings.with(
                    s, "runtime", TestSettings.with(s.runtime(), "dynamicProducerCache", 2))));

    for (int i = 0; i < 8; i++) {
      String topic = "/iot/dev_d" + i;
      publisher.publish(p + "/dev/d" + i, bytes("m" + i), 1, false);
      await().atMost(WAIT).until(() -> danube.topic(topic).messageCount() == 1);
    }
    // An evicted target's producer is created again on its next message; nothing is acknowledged
    // while Danube holds the send.
    danube.faults().holdSends();
    publisher.publish(p + "/dev/d0", bytes("again"), 1, false);
    await().atMost(WAIT).until(() -> danube.faults().heldSends() == 1);
    assertThat(c.backlog().inFlight()).isEqualTo(1);
    danube.faults().releaseSends();
    danube.faults().reset();
    await().atMost(WAIT).until(() -> danube.topic("/iot/dev_d0").messageCount() == 2);
    await().atMost(WAIT).until(() -> c.backlog().inFlight() == 0);
    assertThat(c.stats().producerEvictions()).isGreaterThanOrEqualTo(6);
    assertThat(scrapeValue(c, "danube_connector_dynamic_producers{", "")).isLessThanOrEqualTo(2.0);
    assertThat(scrapeValue(c, "danube_connector_dynamic_producer_evictions_total", ""))
        .isGreaterThanOrEqualTo(6.0);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static String unique() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static RouteSettings route(String from, String to, String deadLetter) {
    return new RouteSettings(from, to, 1, 0, true, null, deadLetter, Map.of(), RoutingKey.TOPIC);
  }

  private static SchemaSettings schema(
      String topic, String subject, SchemaType type, ValidationPolicy policy) {
    return new SchemaSettings(
        topic,
        subject,
        type,
        null,
        type == SchemaType.JSON_SCHEMA ? SENSOR_SCHEMA : "",
        true,
        VersionStrategy.LATEST,
        policy);
  }

  private ConnectorSettings base(List<RouteSettings> routes, List<SchemaSettings> schemas) {
    ConnectorSettings s =
        settings(
            mosquitto.host(),
            mosquitto.port(),
            "conn-" + unique(),
            true,
            danube.serviceUrl(),
            16,
            routes);
    return new ConnectorSettings(
        s.connectorName(), s.danube(), s.mqtt(), s.routes(), s.runtime(), schemas);
  }

  private MqttSourceConnector connector(List<RouteSettings> routes, List<SchemaSettings> schemas) {
    return toClose.add(TestSettings.connector(base(routes, schemas)));
  }

  private MqttSourceConnector started(List<RouteSettings> routes, List<SchemaSettings> schemas)
      throws Exception {
    return startedWith(TestSettings.connector(base(routes, schemas)));
  }

  private MqttSourceConnector startedWith(MqttSourceConnector c) throws Exception {
    toClose.add(c);
    c.start();
    return c;
  }

  /** The sum of the samples of {@code family} whose labels contain {@code labelText}. */
  private static double scrapeValue(MqttSourceConnector c, String family, String labelText)
      throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
        .write(out, c.metricsRegistry().scrape());
    double sum = 0;
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith(family) && line.contains(labelText)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
