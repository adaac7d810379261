/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.MessageId;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.danube.client.ProducerConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code danube-cli produce}: publishes {@code --count} copies of one payload, waits for every
 * broker acknowledgement and prints a one-line summary. A rejected message or producer ends the
 * command with exit code 1 and the broker's reason on stderr.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = "Publish messages to a topic and wait until the broker acknowledged them.")
final class ProduceCommand extends TopicCommand {

  /** Sends awaiting an answer at once; enough to pipeline without flooding the client's queue. */
  private static final int MAX_OUTSTANDING = 64;

  @Option(
      names = "--producer-name",
      paramLabel = "NAME",
      description = "Producer name (default: danube-cli-<pid>)")
  String producerName;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "1",
      description = "Messages to send (default: ${DEFAULT-VALUE})")
  int count;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  PayloadOptions payload;

  @Option(names = "--key", paramLabel = "K", description = "Routing key of every message")
  String key;

  @Option(
      names = "--attribute",
      paramLabel = "KEY=VALUE",
      description = "A message attribute; repeat for several (values may contain '=')")
  Map<String, String> attributes = new LinkedHashMap<>();

  @Mixin DispatchOptions dispatch;

  @Override
  public Integer call() throws Exception {
    CommandLine commandLine = spec.commandLine();
    if (count < 1) {
      throw new CommandLine.ParameterException(
          commandLine, "--count must be at least 1, but was " + count);
    }
    if (dispatch.partitions < 0) {
      throw new CommandLine.ParameterException(
          commandLine, "--partitions must be zero or more, but was " + dispatch.partitions);
    }
    byte[] bytes;
    try {
      bytes = payload == null ? "hello".getBytes(StandardCharsets.UTF_8) : payload.payload();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage(), e);
    }
    String name = nameOrDefault(producerName);
    PrintWriter out = commandLine.getOut();

    long started = System.nanoTime();
    try (DanubeClient client = connection.connect()) {
      ProducerConfig config =
          ProducerConfig.of(topic, name, dispatch.strategy()).withPartitions(dispatch.partitions);
      try (DanubeProducer producer = client.createProducer(config).get()) {
        List<CompletableFuture<MessageId>> sends = new ArrayList<>(count);
        Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
        for (int i = 0; i < count; i++) {
          outstanding.acquire();
          // Each message owns its payload array (OutgoingMessage does not copy it).
          OutgoingMessage message = new OutgoingMessage(bytes.clone(), attributes, key);
          CompletableFuture<MessageId> send = producer.sendAsync(message);
          send.whenComplete((id, failure) -> outstanding.release());
          sends.add(send);
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
      }
    }
    double millis = (System.nanoTime() - started) / 1e6;
    out.println(
        String.format(
            Locale.ROOT,
            "produced %d message(s) of %d bytes to %s (%s%s) in %.1f ms",
            count,
            bytes.length,
            topic,
            dispatch.reliable ? "reliable" : "non-reliable",
            dispatch.partitions > 0 ? ", " + dispatch.partitions + " partitions" : "",
            millis));
    return ExitCodes.OK;
  }
}
