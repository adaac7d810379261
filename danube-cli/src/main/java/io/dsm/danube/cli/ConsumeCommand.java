/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.danube.client.SubscriptionType;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code danube-cli consume}: prints one JSON object per received message per line on stdout and
 * acknowledges each one after printing it. Diagnostics go to stderr, so stdout stays parseable.
 */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe to a topic and print each message as one line of JSON, acknowledging it.",
      "Fields: topic, offset, payload_base64, payload_utf8 (only if valid UTF-8), attributes,"
          + " routing_key, producer_name, publish_time, producer_id, request_id,"
          + " subscription_name.",
      "Exits 0 after --count messages, 3 when --timeout runs out first (without --count the"
          + " timeout always ends the run with 3)."
    })
final class ConsumeCommand extends TopicCommand {

  /** Bounds the final wait for outstanding acks so that a dead broker cannot hang the exit. */
  private static final Duration ACK_DRAIN_TIMEOUT = Duration.ofSeconds(10);

  /** receive() needs a finite wait; without --timeout the loop simply polls again. */
  private static final Duration UNBOUNDED_POLL = Duration.ofSeconds(1);

  @Option(
      names = "--subscription",
      required = true,
      paramLabel = "NAME",
      description = "Subscription name")
  String subscription;

  @Option(
      names = "--consumer-name",
      paramLabel = "NAME",
      description = "Consumer name (identity on the subscription; default: danube-cli-<pid>)")
  String consumerName;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Stop after N messages (default: run until --timeout or interrupted)")
  Long count;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Give up after this long (e.g. 10s, 500ms, 2m, PT10S); exit code 3")
  Duration timeout;

  @Option(
      names = "--type",
      defaultValue = "shared",
      converter = SubscriptionTypeConverter.class,
      description = "Subscription type: exclusive, shared, failover, key-shared (default: shared)")
  SubscriptionType type;

  @Override
  public Integer call() throws Exception {
    if (count != null && count < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--count must be at least 1, but was " + count);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MessageJson json = new MessageJson(new ObjectMapper());
    String name = nameOrDefault(consumerName);
    // null = no deadline (a sentinel like Long.MAX_VALUE would overflow against nanoTime)
    Long deadline = timeout == null ? null : System.nanoTime() + timeout.toNanos();

    try (DanubeClient client = connection.connect()) {
      ConsumerConfig config = ConsumerConfig.of(topic, name, subscription).withType(type);
      try (DanubeConsumer consumer = client.subscribe(config).get()) {
        // stderr, so scripts (and tests) can tell when publishing to the topic will be seen
        err.println("subscribed to " + topic + " as " + name + " on subscription " + subscription);
        err.flush();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        long received = 0;
        while (count == null || received < count) {
          Duration wait = UNBOUNDED_POLL;
          if (deadline != null) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
              break;
            }
            wait = Duration.ofNanos(remaining);
          }
          Optional<ReceivedMessage> next = consumer.receive(wait);
          if (next.isEmpty()) {
            continue;
          }
          ReceivedMessage message = next.get();
          out.println(json.toLine(message));
          out.flush();
          acks.add(consumer.ack(message));
          received++;
          // keep failed acks: awaitAcks reports them at the end
          acks.removeIf(ack -> ack.isDone() && !ack.isCompletedExceptionally());
        }
        awaitAcks(acks);
        if (count != null && received >= count) {
          return ExitCodes.OK;
        }
        err.println(
            "timed out after "
                + timeout
                + " with "
                + received
                + (count == null ? "" : " of " + count)
                + " messages from "
                + topic);
        return ExitCodes.TIMEOUT;
      }
    }
  }

  /** Waits for outstanding acks; an ack failure is a runtime error (the broker may redeliver). */
  private static void awaitAcks(List<CompletableFuture<Void>> acks) throws Exception {
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(ACK_DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "acknowledgements not answered within " + ACK_DRAIN_TIMEOUT, e);
    }
  }
}
