/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static io.dsm.connector.TestSettings.route;
import static io.dsm.connector.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dsm.connector.OpsClient.Sample;
import io.dsm.connector.OpsClient.Scrape;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.RouteSettings;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.testsupport.EmbeddedHiveMqExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Metrics, health and logs as an operator sees them: the connector runs end to end (embedded HiveMQ
 * CE → connector → in-memory Danube over TCP) and the tests read {@code /metrics}, {@code /health}
 * and {@code /ready} over real HTTP.
 */
@Timeout(90)
class ObservabilityIT extends ConnectorItBase {
  @RegisterExtension static final EmbeddedHiveMqExtension MQTT = new EmbeddedHiveMqExtension();

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CONNECTOR = "it-connector";
  private static final String RECEIVED = "danube_connector_messages_received_total";
  private static final String PROCESSED = "danube_connector_messages_processed_total";
  private static final String DURATION = "danube_connector_processing_duration_seconds";
  private static final String HEALTH = "danube_connector_health";

  ObservabilityIT() {
    super("obs-");
  }

  private ConnectorSettings settingsFor(Duration stallTimeout, RouteSettings... routes) {
    return OpsTestSupport.withOps(
        settings(
            MQTT.host(), MQTT.port(), clientId, true, danube.serviceUrl(), 16, List.of(routes)),
        stallTimeout);
  }

  private MqttSourceConnector started(ConnectorSettings s) throws Exception {
    return started(s, OpsTestSupport.connector(s));
  }

  private TestPublisher publisher() {
    TestPublisher p = new TestPublisher(MQTT.host(), MQTT.port());
    toClose.add(p);
    return p;
  }

  @Test
  void retriesMetricCountsTheDanubeClientsOwnResends() throws Exception {
    // The 2 s client budget absorbs three failures, so only the client's own resends happen.
    MqttSourceConnector c =
        started(settingsFor(Duration.ofSeconds(60), route("obs/r/#", "/obs/r", 1)));
    OpsClient ops = OpsTestSupport.ops(c);
    String[] retried = {"route", "obs/r/#", "danube_topic", "/obs/r"};
    assertThat(ops.scrape().value("danube_connector_danube_send_retries_total", retried)).isZero();
    danube.faults().failNextSends(3, "UNAVAILABLE", "testkit: Danube restarting");
    TestPublisher pub = publisher();
    for (int i = 0; i < 4; i++) {
      pub.publish("obs/r/x", "r" + i, 1);
    }
    assertThat(danube.topic("/obs/r").awaitMessages(4, WAIT))
        .extracting(io.dsm.danube.testkit.StoredMessage::payloadUtf8)
        .containsExactly("r0", "r1", "r2", "r3");
    await().atMost(WAIT).until(() -> ops.scrape().value(PROCESSED) == 4);
    Scrape m = ops.scrape();
    assertThat(m.value("danube_connector_danube_send_retries_total", retried))
        .isGreaterThanOrEqualTo(3);
    assertThat(
            m.value(
                "danube_connector_messages_failed_total", "route", "obs/r/#", "reason", "rejected"))
        .isZero();
    assertThat(c.stats().failed()).isZero();
    assertThat(c.stats().retried()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void metricsMatchAnEndToEndFlowPerConnectorAndRoute() throws Exception {
    MqttSourceConnector c =
        started(
            settingsFor(
                Duration.ofSeconds(60),
                route("obs/a/#", "/obs/alpha", 1),
                route("obs/b/+", "/obs/beta", 0)));
    OpsClient ops = OpsTestSupport.ops(c);
    TestPublisher pub = publisher();
    for (int i = 0; i < 5; i++) {
      pub.publish("obs/a/x" + i, "a" + i, 1); // 2 bytes each
    }
    for (int i = 0; i < 3; i++) {
      pub.publish("obs/b/y", "bb" + i, 0); // 3 bytes each
    }
    pub.publish("other/z", "not subscribed", 1); // matches no subscription: never received
    danube.topic("/obs/alpha").awaitMessages(5, WAIT);
    danube.topic("/obs/beta").awaitMessages(3, WAIT);
    await().atMost(WAIT).until(() -> ops.scrape().value(PROCESSED) == 8);
    await().atMost(WAIT).until(() -> ops.scrape().value(RECEIVED) == 8);

    Scrape m = ops.scrape();
    // The seed's four metrics, with exactly the seed's one label.
    for (String seed : List.of(RECEIVED, PROCESSED, HEALTH, DURATION + "_count")) {
      assertThat(m.find(seed)).as(seed).hasSize(1);
      assertThat(m.find(seed).get(0).labels()).as(seed).isEqualTo(Map.of("connector", CONNECTOR));
    }
    assertThat(m.value(RECEIVED, "connector", CONNECTOR)).isEqualTo(8);
    assertThat(m.value(PROCESSED, "connector", CONNECTOR)).isEqualTo(8);
    assertThat(m.types()).containsEntry(DURATION, "histogram");
    assertThat(m.value(DURATION + "_count")).isEqualTo(8);
    assertThat(m.value(DURATION + "_bucket", "le", "+Inf")).isEqualTo(8);
    assertThat(m.value(DURATION + "_sum")).isPositive();
    assertThat(m.value(HEALTH)).isEqualTo(1);

    String[] alpha = {"route", "obs/a/#", "danube_topic", "/obs/alpha"};
    String[] beta = {"route", "obs/b/+", "danube_topic", "/obs/beta"};
    assertThat(m.value("danube_connector_route_messages_received_total", alpha)).isEqualTo(5);
    assertThat(m.value("danube_connector_route_messages_received_total", beta)).isEqualTo(3);
    assertThat(m.value("danube_connector_route_messages_processed_total", alpha)).isEqualTo(5);
    assertThat(m.value("danube_connector_route_messages_processed_total", beta)).isEqualTo(3);
    assertThat(m.value("danube_connector_route_payload_bytes_total", alpha)).isEqualTo(10);
    assertThat(m.value("danube_connector_route_payload_bytes_total", beta)).isEqualTo(9);
    assertThat(
            m.value(
                "danube_connector_messages_dropped_total",
                "route",
                "",
                "danube_topic",
                "",
                "reason",
                "no_route"))
        .isZero();
    assertThat(
            m.value(
                "danube_connector_messages_dropped_total",
                "route",
                "obs/b/+",
                "reason",
                "qos0_buffer_full"))
        .isZero();
    assertThat(
            m.value(
                "danube_connector_messages_failed_total", "route", "obs/a/#", "reason", "rejected"))
        .isZero();
    assertThat(m.value("danube_connector_danube_send_retries_total", alpha)).isZero();
    assertThat(m.value("danube_connector_messages_in_flight")).isZero();
    assertThat(m.value("danube_connector_max_in_flight")).isEqualTo(16);
    assertThat(m.value("danube_connector_mqtt_connected")).isEqualTo(1);
    assertThat(m.value("danube_connector_mqtt_subscribed")).isEqualTo(1);
    assertThat(m.value("danube_connector_mqtt_reconnects_total")).isZero();
    assertThat(m.value("danube_connector_ready")).isEqualTo(1);
    assertThat(m.value("danube_connector_live")).isEqualTo(1);
    assertThat(m.value("danube_connector_danube_producers")).isEqualTo(2);
    assertThat(m.value("danube_connector_stalled_seconds")).isZero();
    // Bounded cardinality: no label carries the MQTT topic of a message.
    assertThat(m.samples())
        .flatExtracting(s -> List.copyOf(s.labels().values()))
        .noneMatch(v -> v.startsWith("obs/a/x") || v.equals("obs/b/y") || v.startsWith("other/"));
    // Every danube_connector_* series carries the connector label.
    assertThat(m.samples())
        .filteredOn(s -> s.name().startsWith("danube_connector_"))
        .allSatisfy(s -> assertThat(s.labels()).containsEntry("connector", CONNECTOR));
    // JVM memory and GC from the Prometheus client's JVM instrumentation.
    assertThat(m.find("jvm_memory_used_bytes", "area", "heap")).hasSize(1);
    assertThat(m.hasSample("jvm_gc_collection_seconds_count")).isTrue();

    OpsClient.Response health = ops.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.contentType()).startsWith("application/json");
    assertThat(json(health.body()).get("status").asText()).isEqualTo("UP");
    OpsClient.Response ready = ops.get("/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(json(ready.body()).path("checks").path("danube_producers").asText())
        .isEqualTo("2/2");
    assertThat(ops.get("/metrics").contentType()).startsWith("text/plain");
  }

  @Test
  void failuresAndDropsAreCountedByReasonAndRouteAndLoggedWithTheRoute() throws Exception {
    danube.close(); // replaced by a broker with a tiny message limit
    danube = toClose.add(InMemoryDanubeBroker.builder().maxMessageSize(32).start());
    ConnectorSettings base =
        settingsFor(
            Duration.ofSeconds(60), route("rej/#", "/obs/rej", 1), route("q0/#", "/obs/qzero", 0));
    ConnectorSettings s =
        TestSettings.with(
            base, "runtime", TestSettings.with(base.runtime(), "qos0BufferCapacity", 3));
    try (LogCapture logs = new LogCapture()) {
      MqttSourceConnector c = started(s);
      OpsClient ops = OpsTestSupport.ops(c);
      TestPublisher pub = publisher();
      pub.publish("rej/x", "x".repeat(100), 1); // larger than Danube's maximum: rejected
      await()
          .atMost(WAIT)
          .until(
              () ->
                  ops.scrape()
                          .value(
                              "danube_connector_messages_failed_total",
                              "route",
                              "rej/#",
                              "danube_topic",
                              "/obs/rej",
                              "reason",
                              "rejected")
                      == 1);
      await().atMost(WAIT).until(() -> !logs.containing("permanently rejected").isEmpty());
      assertThat(logs.containing("permanently rejected").get(0).getMDCPropertyMap())
          .containsEntry("connector", CONNECTOR)
          .containsEntry("route", "rej/#");

      danube.faults().holdSends();
      for (int i = 0; i < 10; i++) {
        pub.publish("q0/x" + i, "m" + i, 0);
      }
      await().atMost(WAIT).until(() -> ops.scrape().value(RECEIVED) == 11);
      Scrape m = ops.scrape();
      assertThat(
              m.value(
                  "danube_connector_messages_dropped_total",
                  "route",
                  "q0/#",
                  "reason",
                  "qos0_buffer_full"))
          .isEqualTo(7);
      assertThat(m.value("danube_connector_qos0_buffered")).isEqualTo(3);
      assertThat(m.value("danube_connector_qos0_buffer_capacity")).isEqualTo(3);
      assertThat(m.value("danube_connector_route_messages_received_total", "route", "q0/#"))
          .isEqualTo(10);
      // Ten drops, one warning line: repeated failures are rate-limited.
      assertThat(logs.containing("QoS 0 buffer full")).hasSize(1);
      ILoggingEvent full = logs.containing("QoS 0 buffer full").get(0);
      assertThat(full.getMDCPropertyMap())
          .containsEntry("route", "q0/#")
          .containsEntry("connector", CONNECTOR);
      // The thread that receives MQTT messages (the Danube client's network thread, owned by this
      // connector) carries the connector name for every line it logs.
      assertThat(full.getThreadName()).isEqualTo("danube-io");

      danube.faults().releaseSends();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  ops.scrape()
                          .value("danube_connector_route_messages_processed_total", "route", "q0/#")
                      == 3);
      assertThat(ops.scrape().value(PROCESSED)).isEqualTo(3);
      assertThat(ops.scrape().value(DURATION + "_count")).isEqualTo(3);
    }
  }

  @Test
  void healthGoesDownWhileDanubeHoldsSendsBeyondTheStallTimeoutAndRecovers() throws Exception {
    MqttSourceConnector c =
        started(settingsFor(Duration.ofSeconds(1), route("st/#", "/obs/stall", 1)));
    OpsClient ops = OpsTestSupport.ops(c);
    assertThat(ops.get("/health").status()).isEqualTo(200);
    danube.faults().holdSends();
    publisher().publish("st/x", "held", 1);
    await().atMost(WAIT).until(() -> danube.faults().heldSends() >= 1);

    await().atMost(WAIT).until(() -> ops.get("/health").status() == 503);
    JsonNode down = json(ops.get("/health").body());
    assertThat(down.get("status").asText()).isEqualTo("DOWN");
    assertThat(down.get("connector").asText()).isEqualTo(CONNECTOR);
    assertThat(down.get("reason").asText())
        .contains("stalled")
        .contains("waiting for Danube")
        .contains("stall timeout 1.0 s");
    Scrape m = ops.scrape();
    assertThat(m.value(HEALTH)).isZero();
    assertThat(m.value("danube_connector_live")).isZero();
    assertThat(m.value("danube_connector_stalled_seconds")).isGreaterThan(1.0);
    assertThat(m.value("danube_connector_messages_in_flight")).isEqualTo(1);
    // Stalled is not unready: MQTT is still connected and subscribed.
    assertThat(ops.get("/ready").status()).isEqualTo(200);

    danube.faults().releaseSends();
    await().atMost(WAIT).until(() -> ops.get("/health").status() == 200);
    await().atMost(WAIT).until(() -> ops.scrape().value(PROCESSED) == 1);
    assertThat(ops.scrape().value(HEALTH)).isEqualTo(1);
  }

  @Test
  void readinessFollowsTheLifecycleAndTheEndpointsCloseWithTheConnector() throws Exception {
    ConnectorSettings s = settingsFor(Duration.ofSeconds(60), route("lc/#", "/obs/lc", 1));
    TestSettings.createNamespaces(danube, s);
    MqttSourceConnector c = OpsTestSupport.connector(s);
    toClose.add(c);
    assertThat(c.opsAddress()).isEmpty();
    assertThat(c.readiness().ok()).isFalse();
    assertThat(c.readiness().reason()).isEqualTo("connector is starting");
    c.start();
    OpsClient ops = OpsTestSupport.ops(c);
    assertThat(ops.get("/ready").status()).isEqualTo(200);
    assertThat(ops.get("/nope").status()).isEqualTo(404);
    c.close();
    assertThat(c.readiness().reason()).isEqualTo("connector is stopped");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ops.get("/ready"))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }

  @Test
  void startupLogsStateTheConfigurationWithoutSecretsEachSubscriptionAndProducer()
      throws Exception {
    ConnectorSettings base =
        settingsFor(
            Duration.ofSeconds(60),
            route("lg/a/#", "/obs/logs_a", 1),
            route("lg/b/#", "/obs/logs_b", 0));
    ConnectorSettings s =
        TestSettings.with(
            base,
            "mqtt",
            TestSettings.with(base.mqtt(), "username", "obs-user", "password", "obs-pw-s3cret"));
    try (LogCapture logs = new LogCapture()) {
      MqttSourceConnector c = started(s);
      List<ILoggingEvent> all = logs.connectorEvents(Level.INFO);
      assertThat(logs.lines()).noneMatch(l -> l.contains("obs-pw-s3cret"));
      assertThat(logs.lines()).noneMatch(l -> l.contains("MqttSettings[")); // no record syntax
      assertThat(logs.containing("Starting connector '" + CONNECTOR + "': MQTT ")).hasSize(1);
      assertThat(logs.containing("route 1: lg/a/# -> /obs/logs_a (qos 1")).hasSize(1);
      assertThat(logs.containing("route 2: lg/b/# -> /obs/logs_b (qos 0")).hasSize(1);
      assertThat(logs.containing("Subscribed 'lg/a/#' with granted QoS 1")).hasSize(1);
      assertThat(logs.containing("Subscribed 'lg/b/#' with granted QoS 0")).hasSize(1);
      assertThat(logs.containing("Danube producer")).hasSize(2);
      assertThat(logs.containing("Serving /metrics, /health and /ready on ")).hasSize(1);
      // Everything logged by the start names the connector, and so do the pipeline's lines.
      assertThat(all)
          .filteredOn(l -> l.getThreadName().equals("main"))
          .hasSizeGreaterThan(6)
          .allSatisfy(l -> assertThat(l.getMDCPropertyMap()).containsEntry("connector", CONNECTOR));
      // No per-message line at info or above for routed traffic.
      int before = logs.connectorEvents(Level.INFO).size();
      publisher().publish("lg/a/m", "routed", 1);
      await().atMost(WAIT).until(() -> c.stats().processed() == 1);
      List<ILoggingEvent> after = logs.connectorEvents(Level.INFO);
      assertThat(after.subList(before, after.size()))
          .noneMatch(l -> l.getFormattedMessage().contains("lg/a/m"));
    }
  }

  // ---- deploy/ and docs/: every metric they name must exist in /metrics -----------------------

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:danube_connector|jvm|process)_[a-zA-Z0-9_]+)(\\{[^}]*\\})?");
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
  private static final Pattern LABEL_MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

  @Test
  void dashboardAlertRulesAndDocsReferenceOnlyMetricsAndLabelsThatExist() throws Exception {
    MqttSourceConnector c =
        started(settingsFor(Duration.ofSeconds(60), route("dp/#", "/obs/deploy", 1)));
    OpsClient ops = OpsTestSupport.ops(c);
    publisher().publish("dp/x", "m", 1);
    await().atMost(WAIT).until(() -> ops.scrape().value(PROCESSED) == 1);
    Scrape m = ops.scrape();

    List<String> expressions = new ArrayList<>();
    Path dashboards = ROOT.resolve("deploy/grafana");
    List<Path> dashboardFiles;
    try (var files = Files.list(dashboards)) {
      dashboardFiles = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(dashboardFiles).as("dashboards in %s", dashboards).isNotEmpty();
    for (Path p : dashboardFiles) {
      JsonNode dashboard = new ObjectMapper().readTree(p.toFile());
      assertThat(dashboard.path("panels").size()).as("%s panels", p).isPositive();
      List<String> exprs = new ArrayList<>();
      collect(dashboard, "expr", exprs);
      collect(dashboard, "definition", exprs); // template variable queries
      assertThat(exprs).as("%s queries", p).isNotEmpty();
      expressions.addAll(exprs);
    }

    Path rulesFile = ROOT.resolve("deploy/prometheus/alerts.yml");
    JsonNode rules = new YAMLMapper().readTree(rulesFile.toFile());
    int alerts = 0;
    for (JsonNode group : rules.path("groups")) {
      assertThat(group.path("name").asText()).isNotBlank();
      for (JsonNode rule : group.path("rules")) {
        assertThat(rule.path("alert").asText()).as("alert name").isNotBlank();
        assertThat(rule.path("expr").asText()).as("expr of %s", rule.path("alert")).isNotBlank();
        assertThat(rule.path("labels").path("severity").asText())
            .as("severity of %s", rule.path("alert"))
            .isIn("critical", "warning", "info");
        assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
        expressions.add(rule.path("expr").asText());
        alerts++;
      }
    }
    assertThat(alerts).isGreaterThanOrEqualTo(5);

    Set<String> referenced = new TreeSet<>();
    for (String expr : expressions) {
      Matcher mm = METRIC.matcher(expr);
      while (mm.find()) {
        String name = mm.group(1);
        referenced.add(name);
        assertThat(m.hasSample(name)).as("%s (in %s) is in /metrics", name, expr).isTrue();
        if (mm.group(2) != null) {
          Matcher lm = LABEL_MATCHER.matcher(mm.group(2));
          while (lm.find()) {
            String label = lm.group(1);
            if (TARGET_LABELS.contains(label)) {
              continue; // added by Prometheus when it scrapes, not served by the connector
            }
            assertThat(m.find(name))
                .as("label %s of %s (in %s)", label, name, expr)
                .anyMatch(s -> s.labels().containsKey(label));
          }
        }
      }
    }
    assertThat(referenced)
        .contains(RECEIVED, PROCESSED, DURATION + "_bucket", HEALTH, "jvm_memory_used_bytes");

    // docs/MONITORING.md documents exactly the danube_connector_* families /metrics exports.
    String doc = Files.readString(ROOT.resolve("docs/MONITORING.md"), StandardCharsets.UTF_8);
    Set<String> documented = new LinkedHashSet<>();
    Matcher dm =
        Pattern.compile("^\\| `(danube_connector_[a-z0-9_]+)`", Pattern.MULTILINE).matcher(doc);
    while (dm.find()) {
      documented.add(dm.group(1));
    }
    Set<String> exported = new TreeSet<>();
    m.types().keySet().stream()
        .filter(n -> n.startsWith("danube_connector_"))
        .forEach(exported::add);
    assertThat(new TreeSet<>(documented)).isEqualTo(exported);
    for (String family : documented) {
      assertThat(m.types()).as("%s documented", family).containsKey(family);
      // The documented labels are the ones served.
      Matcher row =
          Pattern.compile(
                  "^\\| `" + Pattern.quote(family) + "` \\| [a-z]+ \\| ([^|]*)\\|",
                  Pattern.MULTILINE)
              .matcher(doc);
      assertThat(row.find()).as("table row of %s", family).isTrue();
      Set<String> docLabels = new TreeSet<>();
      Matcher lab = Pattern.compile("`([a-z_]+)`").matcher(row.group(1));
      while (lab.find()) {
        docLabels.add(lab.group(1));
      }
      Sample any =
          m.samples().stream()
              .filter(
                  sm ->
                      sm.name().equals(family)
                          || sm.name().equals(family + "_bucket")
                          || sm.name().equals(family + "_count"))
              .findFirst()
              .orElseThrow();
      Set<String> served = new TreeSet<>(any.labels().keySet());
      served.remove("le");
      assertThat(docLabels).as("labels of %s", family).isEqualTo(served);
    }
  }

  private static void collect(JsonNode node, String field, List<String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals(field) && e.getValue().isTextual()) {
                  out.add(e.getValue().asText());
                } else {
                  collect(e.getValue(), field, out);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, field, out));
    }
  }

  private static JsonNode json(String body) throws Exception {
    return new ObjectMapper().readTree(body);
  }
}
