/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench.jmh;

import io.dsm.connector.internal.RecordMapper;
import io.dsm.danube.client.OutgoingMessage;
import io.dsm.mqtt.client.InboundPublish;
import io.dsm.mqtt.client.PublishProperties;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link RecordMapper#map(InboundPublish)}: MQTT message to Danube message (attributes map and
 * routing key; the payload is handed over, not copied). Run with {@code -prof gc} to see the
 * allocation per message. Numbers go in issues, never in assertions.
 */
public class RecordMapperBenchmark extends NanosPerOperation {
  @Param({"true", "false"})
  boolean includeMetadata;

  @Param({"1024"})
  int payloadBytes;

  private RecordMapper mapper;
  private InboundPublish message;

  @Setup
  public void setUp() {
    mapper = new RecordMapper(includeMetadata);
    message =
        new InboundPublish(
            "site/7/dev-42/telemetry",
            new byte[payloadBytes],
            1,
            false,
            false,
            1,
            PublishProperties.NONE,
            payloadBytes,
            false,
            payloadBytes,
            System.nanoTime(),
            null);
  }

  @Benchmark
  public OutgoingMessage map() {
    return mapper.map(message);
  }
}
