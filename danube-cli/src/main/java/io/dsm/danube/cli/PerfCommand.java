/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.ProducerConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code danube-cli perf}: the producer throughput benchmark. Prints one summary line (see {@link
 * BenchmarkResult#summaryLine()}) and optionally writes the same numbers as JSON.
 */
@Command(
    name = "perf",
    mixinStandardHelpOptions = true,
    description = {
      "Producer throughput benchmark: msg/s, MB/s (10^6 bytes of payload) and send-to-ack"
          + " latency percentiles.",
      "The client keeps one send in flight per routing key: --keys 0 (no key) pipelines up to"
          + " --in-flight sends, --keys K at most K."
    })
final class PerfCommand extends TopicCommand {

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      defaultValue = "1024",
      description = "Payload bytes per message (default: ${DEFAULT-VALUE})")
  int size;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      defaultValue = "64",
      description = "Sends awaiting an answer at once (default: ${DEFAULT-VALUE})")
  int inFlight;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Measured messages (default: ${DEFAULT-VALUE})")
  long count;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Messages sent first and not measured (default: ${DEFAULT-VALUE})")
  long warmup;

  @Option(
      names = "--keys",
      paramLabel = "K",
      defaultValue = "0",
      description = "Distinct routing keys cycled through; 0 = no key (default)")
  int keys;

  @Mixin DispatchOptions dispatch;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON")
  Path json;

  @Override
  public Integer call() throws Exception {
    BenchmarkSettings settings;
    try {
      settings =
          new BenchmarkSettings(
              topic, size, inFlight, count, warmup, keys, dispatch.reliable, dispatch.partitions);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    ProducerConfig config =
        ProducerConfig.of(
                topic, "danube-cli-perf-" + ProcessHandle.current().pid(), dispatch.strategy())
            .withPartitions(dispatch.partitions)
            .withMaxInFlightPerPartition(inFlight);
    BenchmarkResult result;
    try (DanubeClient client = connection.connect();
        DanubeProducer producer = client.createProducer(config).get()) {
      Duration drainTimeout = connection.retryBudget.plus(client.config().rpcTimeout());
      result = new ProducerBenchmark(producer, settings, drainTimeout).run();
    }
    spec.commandLine().getOut().println(result.summaryLine());
    spec.commandLine().getOut().flush();
    if (json != null) {
      ObjectMapper mapper = new ObjectMapper();
      mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result.toJson(mapper));
    }
    if (result.firstFailure() != null) {
      spec.commandLine()
          .getErr()
          .println(
              "danube-cli perf: "
                  + result.failed()
                  + " send(s) failed, first: "
                  + result.firstFailure());
      return ExitCodes.RUNTIME_ERROR;
    }
    return ExitCodes.OK;
  }
}
