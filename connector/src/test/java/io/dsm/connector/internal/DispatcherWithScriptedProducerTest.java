/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.metrics.ConnectorStats;
import io.dsm.connector.routing.RoutingKey;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DanubeStatus;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerClosedException;
import io.dsm.mqtt.client.InboundPublish;
import io.dsm.mqtt.client.PublishProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Dispatcher's decision for every outcome of a send, with a scripted producer in place of
 * Danube (each send's future completes when the test says so), so that each outcome can be forced
 * exactly. The real send path over gRPC is covered by the connector ITs.
 */
class DispatcherWithScriptedProducerTest {
  private static final RouteSettings ROUTE = new RouteSettings("s/#", "/t/x", 1, 0, true);

  /** A producer whose sends wait for the test to complete them. */
  static final class ScriptedProducer implements DanubeProducer {
    final List<OutgoingMessage> sent = new ArrayList<>();
    final List<CompletableFuture<MessageId>> futures = new ArrayList<>();

    @Override
    public String topic() {
      return "/t/x";
    }

    @Override
    public CompletableFuture<MessageId> sendAsync(OutgoingMessage message) {
      CompletableFuture<MessageId> f = new CompletableFuture<>();
      sent.add(message);
      futures.add(f);
      return f;
    }

    @Override
    public int pendingCount() {
      return (int) futures.stream().filter(f -> !f.isDone()).count();
    }

    @Override
    public void close() {}

    void store(int i) {
      futures.get(i).complete(new MessageId("/t/x", 1, i));
    }

    void fail(int i, Throwable t) {
      futures.get(i).completeExceptionally(t);
    }
  }

  private final ScriptedProducer producer = new ScriptedProducer();
  private final ConnectorStats stats = new ConnectorStats();
  private final List<Throwable> fatal = new ArrayList<>();
  private IntakeWindow window;
  private Dispatcher dispatcher;

  @BeforeEach
  void setUp() {
    window = new IntakeWindow(10, 1 << 20, 2, System::nanoTime);
    dispatcher =
        dispatcher(
            topic -> topic.startsWith("s/") ? Optional.of(ROUTE) : Optional.empty(), t -> producer);
  }

  /** A dispatcher of this test's window, stats and fatal list; no schemas, nothing skipped. */
  private Dispatcher dispatcher(RouteLookup router, ProducerLookup producers) {
    return new Dispatcher(
        "unit",
        router,
        new RecordMapper(true),
        producers,
        window,
        stats,
        fatal::add,
        Clock.systemUTC(),
        TopicSchemas.none(),
        m -> false);
  }

  private final AtomicInteger acks = new AtomicInteger();

  private InboundPublish admitted(String topic, int qos, byte[] payload, boolean oversize) {
    int bytes = oversize ? 0 : payload.length;
    assertThat(window.tryAdmit(qos, bytes)).isTrue();
    return new InboundPublish(
        topic,
        payload,
        qos,
        false,
        false,
        qos == 0 ? 0 : 7,
        PublishProperties.NONE,
        payload.length,
        oversize,
        bytes,
        System.nanoTime(),
        acks::incrementAndGet);
  }

  private InboundPublish admitted(String topic, int qos) {
    return admitted(topic, qos, new byte[] {1, 2, 3}, false);
  }

  @Test
  void aStoredMessageIsAcknowledgedOnlyAfterDanubeAnswered() {
    dispatcher.onMessages(List.of(admitted("s/a", 1)));
    assertThat(producer.sent).hasSize(1);
    assertThat(acks).hasValue(0);
    assertThat(window.inFlight()).isEqualTo(1);

    producer.store(0);

    assertThat(acks).hasValue(1);
    assertThat(window.inFlight()).isZero();
    assertThat(stats.processed()).isEqualTo(1);
  }

  @Test
  void aPermanentRejectionIsCountedAndAcknowledgedSoTheTopicIsNotBlocked() {
    dispatcher.onMessages(List.of(admitted("s/a", 1)));

    producer.fail(0, tooLarge());

    assertThat(acks).hasValue(1);
    assertThat(stats.failed()).isEqualTo(1);
    assertThat(window.inFlight()).isZero();
    assertThat(fatal).isEmpty();
  }

  @Test
  void aClosedProducerLeavesTheMessageUnacknowledgedForRedelivery() {
    dispatcher.onMessages(List.of(admitted("s/a", 2)));

    producer.fail(0, new ProducerClosedException("/t/x"));

    assertThat(acks).hasValue(0);
    assertThat(window.inFlight()).isZero();
    assertThat(fatal).isEmpty();
  }

  @Test
  void aProducerThatGaveUpStopsTheConnectorWithoutAcknowledging() {
    dispatcher.onMessages(List.of(admitted("s/a", 1)));

    producer.fail(0, new DanubeException("budget exhausted", DanubeStatus.UNAVAILABLE, true, null));

    assertThat(acks).hasValue(0);
    assertThat(fatal).hasSize(1);
    assertThat(window.inFlight()).isZero();
  }

  @Test
  void unroutedMessagesAreCountedAndAcknowledgedWithoutSending() {
    dispatcher.onMessages(List.of(admitted("nowhere/1", 1), admitted("nowhere/2", 1)));

    assertThat(producer.sent).isEmpty();
    assertThat(acks).hasValue(2);
    assertThat(stats.unrouted()).isEqualTo(2);
    assertThat(window.inFlight()).isZero();
  }

  @Test
  void anOversizeMessageIsDroppedCountedAndAcknowledgedWithoutSending() {
    dispatcher.onMessages(List.of(admitted("s/big", 1, new byte[0], true)));

    assertThat(producer.sent).isEmpty();
    assertThat(acks).hasValue(1);
    assertThat(stats.dropped()).isEqualTo(1);
    assertThat(window.inFlight()).isZero();
  }

  @Test
  void qos0BeyondItsBufferIsDroppedAndNeverHoldsTheWindow() {
    dispatcher.onMessages(List.of(admitted("s/a", 0), admitted("s/b", 0), admitted("s/c", 0)));

    assertThat(producer.sent).hasSize(2); // the buffer holds two
    assertThat(stats.dropped()).isEqualTo(1);
    assertThat(window.qos0Outstanding()).isEqualTo(2);
    assertThat(window.inFlight()).isZero();

    producer.store(0);
    producer.fail(1, new DanubeException("x", DanubeStatus.INTERNAL, false, null));
    assertThat(window.qos0Outstanding()).isZero();
    assertThat(stats.processed()).isEqualTo(1);
    assertThat(stats.failed()).isEqualTo(1);
    assertThat(acks).hasValue(0); // QoS 0 has nothing to acknowledge
  }

  @Test
  void messagesAreSentInReceiveOrder() {
    dispatcher.onMessages(
        List.of(admitted("s/a", 1), admitted("s/b", 1), admitted("s/a", 2), admitted("s/c", 1)));

    assertThat(producer.sent)
        .extracting(OutgoingMessage::routingKey)
        .containsExactly("s/a", "s/b", "s/a", "s/c");
  }

  // ---- dead-letter topic ------------------------------------------------------------------------

  private static final RouteSettings DLQ_ROUTE =
      new RouteSettings(
          "d/+", "/t/$1", 1, 0, true, null, "/t/dlq", java.util.Map.of(), RoutingKey.TOPIC);

  private final java.util.Map<String, ScriptedProducer> byTopic = new java.util.HashMap<>();

  private Dispatcher dlqDispatcher() {
    return dispatcher(
        topic -> Optional.of(DLQ_ROUTE),
        new ProducerLookup() {
          @Override
          public DanubeProducer producerFor(String topic) {
            return byTopic.computeIfAbsent(topic, t -> new ScriptedProducer());
          }

          @Override
          public CompletableFuture<MessageId> send(
              RouteSettings route, String topic, OutgoingMessage message) {
            return producerFor(topic).sendAsync(message);
          }
        });
  }

  /**
   * Sends one QoS 1 message on {@code d/a} through the dead-letter dispatcher and lets its target
   * refuse it for its size; returns the dead-letter topic's producer, which holds the letter.
   */
  private ScriptedProducer rejectedIntoDeadLetterTopic() {
    dlqDispatcher().onMessages(List.of(admitted("d/a", 1)));
    byTopic.get("/t/a").fail(0, tooLarge());
    return byTopic.get("/t/dlq");
  }

  private static DanubeException tooLarge() {
    return new DanubeException("too large", DanubeStatus.INVALID_ARGUMENT, false, null);
  }

  @Test
  void aRejectedMessageIsAcknowledgedOnlyAfterTheDeadLetterTopicStoredIt() {
    ScriptedProducer dlq = rejectedIntoDeadLetterTopic();

    assertThat(dlq.sent).hasSize(1);
    assertThat(dlq.sent.get(0).payload()).containsExactly(1, 2, 3);
    assertThat(dlq.sent.get(0).attributes())
        .containsEntry("dlq.reason", "rejected")
        .containsEntry("dlq.target", "/t/a")
        .containsEntry("dlq.error", "too large")
        .containsEntry("mqtt.topic", "d/a");
    assertThat(acks).hasValue(0);
    assertThat(window.inFlight()).isEqualTo(1);

    dlq.store(0);

    assertThat(acks).hasValue(1);
    assertThat(window.inFlight()).isZero();
    assertThat(stats.deadLettered()).isEqualTo(1);
    assertThat(fatal).isEmpty();
  }

  @Test
  void aTemplateThatRendersNoTopicSendsTheMessageToTheDeadLetterTopicOnly() {
    Dispatcher d = dlqDispatcher();
    d.onMessages(List.of(admitted("d/", 1))); // '+' matched an empty level: "/t/" is no topic

    assertThat(byTopic).containsOnlyKeys("/t/dlq");
    assertThat(byTopic.get("/t/dlq").sent.get(0).attributes())
        .containsEntry("dlq.reason", "template")
        .containsEntry("dlq.target", "/t/$1");
    byTopic.get("/t/dlq").store(0);
    assertThat(acks).hasValue(1);
  }

  @Test
  void anOversizeLetterCarriesNoPayloadButItsSize() {
    Dispatcher d = dlqDispatcher();
    d.onMessages(List.of(admitted("d/big", 1, new byte[0], true)));

    OutgoingMessage letter = byTopic.get("/t/dlq").sent.get(0);
    assertThat(letter.payload()).isEmpty();
    assertThat(letter.attributes())
        .containsEntry("dlq.reason", "oversize")
        .containsEntry("dlq.size", "0")
        .containsEntry("dlq.target", "/t/big");
    assertThat(byTopic).doesNotContainKey("/t/big");
  }

  @Test
  void aLetterRefusedForItsPayloadIsSentWithoutItAndARefusalOfThatStopsWithoutAcknowledging() {
    ScriptedProducer dlq = rejectedIntoDeadLetterTopic();

    dlq.fail(0, tooLarge());

    assertThat(dlq.sent).hasSize(2);
    assertThat(dlq.sent.get(1).payload()).isEmpty();
    assertThat(dlq.sent.get(1).attributes())
        .containsEntry("dlq.payload_omitted", "true")
        .containsEntry("dlq.size", "3");
    assertThat(acks).hasValue(0);

    dlq.fail(1, new DanubeException("no permission", DanubeStatus.PERMISSION_DENIED, false, null));

    assertThat(acks).hasValue(0); // never acknowledged unstored
    assertThat(fatal).hasSize(1);
    assertThat(window.inFlight()).isZero();
  }

  @Test
  void aDeadLetterTopicClosedAtShutdownLeavesTheMessageForRedelivery() {
    Dispatcher d = dlqDispatcher();
    d.onMessages(List.of(admitted("d/a", 2)));
    byTopic
        .get("/t/a")
        .fail(0, new DanubeException("refused", DanubeStatus.PERMISSION_DENIED, false, null));

    byTopic.get("/t/dlq").fail(0, new ProducerClosedException("/t/dlq"));

    assertThat(acks).hasValue(0);
    assertThat(fatal).isEmpty();
    assertThat(window.inFlight()).isZero();
  }
}
