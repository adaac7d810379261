/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.SchemaInfo;
import io.dsm.danube.client.SchemaRef;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.danube.testkit.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end: real gRPC over loopback TCP against the in-memory broker, with the CLI run
 * in-process through {@link Main#run} (the exit code is what the process would return).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DanubeCliIT {
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static InMemoryDanubeBroker broker;
  private static ExecutorService background;

  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void startBroker() {
    broker = InMemoryDanubeBroker.builder().start();
    background =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "cli-under-test");
              thread.setDaemon(true);
              return thread;
            });
  }

  @AfterAll
  static void stopBroker() {
    background.shutdownNow();
    broker.close();
  }

  @Test
  @Timeout(60)
  void textMessagesWithKeyAndAttributesRoundTripAsJsonLines() throws Exception {
    String topic = newTopic();
    createTopic(topic, true);
    long before = System.currentTimeMillis();

    Consumption consume =
        startConsume(topic, "sub", "--count", "3", "--timeout", "45s", "--type", "exclusive");
    CliRun produce =
        cli(
            "produce",
            "--topic",
            topic,
            "--reliable",
            "--count",
            "3",
            "--producer-name",
            "cli-producer",
            "--message",
            "héllo wörld",
            "--key",
            "k1",
            "--attribute",
            "a=1",
            "--attribute",
            "eq=x=y");

    assertThat(produce.exitCode()).as(produce.toString()).isZero();
    assertThat(produce.out()).contains("produced 3 message(s)").contains(topic);
    CliRun consumed = consume.await();
    assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(ExitCodes.OK);
    List<JsonNode> lines = parse(consumed);
    assertThat(lines).hasSize(3);
    List<Long> offsets = new ArrayList<>();
    for (JsonNode line : lines) {
      assertThat(line.get("topic").asText()).isEqualTo(topic);
      assertThat(line.get("payload_utf8").asText()).isEqualTo("héllo wörld");
      assertThat(Base64.getDecoder().decode(line.get("payload_base64").asText()))
          .isEqualTo("héllo wörld".getBytes(StandardCharsets.UTF_8));
      assertThat(mapper.convertValue(line.get("attributes"), Map.class))
          .isEqualTo(Map.of("a", "1", "eq", "x=y"));
      assertThat(line.get("routing_key").asText()).isEqualTo("k1");
      assertThat(line.get("producer_name").asText()).isEqualTo("cli-producer");
      assertThat(line.get("publish_time").asLong())
          .isBetween(before - 60_000, System.currentTimeMillis() + 60_000);
      offsets.add(line.get("offset").asLong());
    }
    assertThat(offsets).isSorted().doesNotHaveDuplicates();
    // the broker saw what the CLI claims to have sent
    List<StoredMessage> stored = broker.topic(topic).awaitMessages(4, Duration.ofSeconds(5));
    assertThat(stored.subList(1, 4))
        .allSatisfy(
            m -> {
              assertThat(m.routingKey()).isEqualTo("k1");
              assertThat(m.attributes()).containsEntry("eq", "x=y");
            });
  }

  @Test
  @Timeout(60)
  void schemaIdAndVersionOfASchemaBoundProducerArePrinted() throws Exception {
    String topic = newTopic();
    String subject = "cli-schema-" + topic.substring(topic.lastIndexOf('/') + 1);
    try (DanubeClient client = DanubeClients.create(DanubeClientConfig.of(broker.serviceUrl()))) {
      SchemaInfo schema =
          client
              .schemaRegistry()
              .registerJsonSchema(subject, "{\"type\":\"object\"}")
              .get(10, TimeUnit.SECONDS);
      try (DanubeProducer producer =
          client
              .createProducer(
                  ProducerConfig.of(topic, "schema-producer", DispatchStrategy.RELIABLE)
                      .withSchemaRef(SchemaRef.latest(subject)))
              .get(10, TimeUnit.SECONDS)) {
        Consumption consume = startConsume(topic, "sub", "--count", "1", "--timeout", "45s");
        producer
            .sendAsync(new OutgoingMessage(new byte[] {'{', '}'}, Map.of(), null))
            .get(10, TimeUnit.SECONDS);
        CliRun consumed = consume.await();
        assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(ExitCodes.OK);
        JsonNode line = parse(consumed).get(0);
        assertThat(line.get("schema_id").asLong()).isEqualTo(schema.schemaId());
        assertThat(line.get("schema_version").asInt()).isEqualTo(schema.version());
      }
    }
  }

  @Test
  @Timeout(60)
  void binaryPayloadRoundTripsAsBase64WithoutUtf8Field() throws Exception {
    String topic = newTopic();
    createTopic(topic, false);
    byte[] binary = {0x00, (byte) 0xff, (byte) 0x80, (byte) 0xfe, 0x41};
    String base64 = Base64.getEncoder().encodeToString(binary);

    // no --timeout: consume waits as long as it takes (the test's @Timeout bounds it)
    Consumption consume = startConsume(topic, "sub", "--count", "1");
    CliRun produce = cli("produce", "--topic", topic, "--base64", base64);

    assertThat(produce.exitCode()).as(produce.toString()).isZero();
    CliRun consumed = consume.await();
    assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(ExitCodes.OK);
    JsonNode line = parse(consumed).get(0);
    assertThat(line.get("payload_base64").asText()).isEqualTo(base64);
    assertThat(line.has("payload_utf8")).isFalse();
    assertThat(line.get("routing_key").isNull()).isTrue();
    assertThat(line.get("attributes").isEmpty()).isTrue();
    assertThat(line.get("offset").isNumber()).isTrue();
    assertThat(line.has("schema_id")).isFalse();
    assertThat(line.has("schema_version")).isFalse();
  }

  @Test
  @Timeout(60)
  void consumeExitsWithThreeAfterTheTimeoutHavingPrintedWhatArrived() throws Exception {
    String topic = newTopic();
    createTopic(topic, true);
    // First run only creates the reliable subscription (it starts at the tail) and times out.
    CliRun empty = consumeThreeAsC1(topic, "300ms");
    assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(empty.outLines()).isEmpty();
    assertThat(empty.err()).contains("timed out").contains("0 of 3");

    CliRun produce =
        cli("produce", "--topic", topic, "--reliable", "--count", "2", "--message", "kept");
    assertThat(produce.exitCode()).as(produce.toString()).isZero();

    // The messages wait on the subscription, so the timer below only has to cover delivery.
    CliRun partial = consumeThreeAsC1(topic, "5s");
    assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(parse(partial))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line.get("payload_utf8").asText()).isEqualTo("kept"));
    assertThat(partial.err()).contains("2 of 3");
  }

  @Test
  @Timeout(60)
  void partitionedTopicIsProducedRoundRobinAndConsumedFromEveryPartition() throws Exception {
    String topic = newTopic();
    CliRun create =
        cli("produce", "--topic", topic, "--reliable", "--partitions", "2", "--message", "init");
    assertThat(create.exitCode()).as(create.toString()).isZero();

    Consumption consume = startConsume(topic, "sub", "--count", "4", "--timeout", "45s");
    CliRun produce =
        cli("produce", "--topic", topic, "--reliable", "--partitions", "2", "--count", "4");

    assertThat(produce.exitCode()).as(produce.toString()).isZero();
    CliRun consumed = consume.await();
    assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(ExitCodes.OK);
    assertThat(parse(consumed))
        .extracting(line -> line.get("topic").asText())
        .containsOnly(topic + "-part-0", topic + "-part-1")
        .contains(topic + "-part-0", topic + "-part-1");
  }

  @Test
  @Timeout(60)
  void producerRejectedByTheBrokerExitsOneWithTheReason() {
    String topic = newTopic();
    createTopic(topic, false);

    CliRun run = cli("produce", "--topic", topic, "--reliable", "--message", "x");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.RUNTIME_ERROR);
    assertThat(run.err()).contains("danube-cli produce:").contains("FAILED_PRECONDITION");
    assertThat(run.out()).doesNotContain("produced");
  }

  @Test
  @Timeout(60)
  void malformedTopicNameExitsOneWithTheBrokersReason() {
    CliRun run = cli("produce", "--topic", "no-namespace", "--message", "x");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.RUNTIME_ERROR);
    assertThat(run.err()).contains("INVALID_ARGUMENT");
  }

  @Test
  @Timeout(60)
  void subscribingToAMissingTopicExitsOne() {
    CliRun run =
        cli(
            "consume",
            "--topic",
            newTopic(),
            "--subscription",
            "sub",
            "--timeout",
            "30s",
            "--retry-budget",
            "1s");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.RUNTIME_ERROR);
    assertThat(run.err()).contains("danube-cli consume:");
  }

  @Test
  @Timeout(60)
  void perfPrintsOneSummaryLineAndWritesJsonWithAndWithoutKeys(@TempDir Path dir) throws Exception {
    for (String keys : List.of("0", "4")) {
      String topic = newTopic();
      Path json = dir.resolve("perf-" + keys + ".json");

      CliRun run =
          cli(
              "perf",
              "--topic",
              topic,
              "--size",
              "256",
              "--in-flight",
              "16",
              "--count",
              "300",
              "--warmup",
              "20",
              "--keys",
              keys,
              "--json",
              json.toString());

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.outLines()).hasSize(1);
      assertThat(run.out())
          .startsWith("perf topic=" + topic + " size=256 in_flight=16 keys=" + keys + " ")
          .contains("acked=300 failed=0");
      JsonNode result = mapper.readTree(json.toFile());
      assertThat(result.get("acknowledged").asLong()).isEqualTo(300);
      assertThat(result.get("messages_per_second").asDouble()).isPositive();
      assertThat(result.get("latency_us").get("p99").asLong())
          .isGreaterThanOrEqualTo(result.get("latency_us").get("p50").asLong());
      assertThat(broker.topic(topic).messageCount()).isEqualTo(320);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static String newTopic() {
    return "/default/cli-it-" + TOPICS.incrementAndGet();
  }

  private static CliRun cli(String command, String... args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.add("--service-url");
    all.add(broker.serviceUrl());
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  /** Consumer c1 on subscription "sub" waits for 3 messages at most {@code timeout} long. */
  private static CliRun consumeThreeAsC1(String topic, String timeout) {
    return cli(
        "consume",
        "--topic",
        topic,
        "--subscription",
        "sub",
        "--consumer-name",
        "c1",
        "--count",
        "3",
        "--timeout",
        timeout);
  }

  /** Danube's Subscribe never creates topics, so every test publishes once first. */
  private static void createTopic(String topic, boolean reliable) {
    CliRun run =
        reliable
            ? cli("produce", "--topic", topic, "--reliable", "--message", "create")
            : cli("produce", "--topic", topic, "--message", "create");
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  /** Starts {@code consume} in the background and returns once it reported its subscription. */
  private static Consumption startConsume(String topic, String subscription, String... args) {
    List<String> all = new ArrayList<>();
    all.add("consume");
    all.add("--service-url");
    all.add(broker.serviceUrl());
    all.add("--topic");
    all.add(topic);
    all.add("--subscription");
    all.add(subscription);
    all.addAll(List.of(args));
    CliRun run = new CliRun();
    Future<?> done = background.submit(() -> run.execute(all.toArray(String[]::new)));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> run.err().contains("subscribed to " + topic) || done.isDone());
    assertThat(run.err()).as(run.toString()).contains("subscribed to " + topic);
    return new Consumption(run, done);
  }

  private List<JsonNode> parse(CliRun run) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : run.outLines()) {
      nodes.add(mapper.readTree(line));
    }
    return nodes;
  }

  private record Consumption(CliRun run, Future<?> done) {
    CliRun await() throws Exception {
      done.get(50, TimeUnit.SECONDS);
      return run;
    }
  }
}
