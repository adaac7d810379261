/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.RouteSettings;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectorStatsTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final RouteSettings sensors = new RouteSettings("sensors/#", "/iot/sensors", 1, 0, true);
  private final ConnectorStats stats =
      new ConnectorStats("c1", List.of(sensors), registry, now::get);

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private void advance(long seconds) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void everyRouteSeriesExistsAtZeroBeforeTheFirstMessage() throws Exception {
    String text = scrape();
    String labels = "connector=\"c1\",danube_topic=\"/iot/sensors\",route=\"sensors/#\"";
    assertThat(text)
        .contains("danube_connector_route_messages_received_total{" + labels + "} 0.0")
        .contains("danube_connector_route_messages_processed_total{" + labels + "} 0.0")
        .contains("danube_connector_route_payload_bytes_total{" + labels + "} 0.0")
        .contains("danube_connector_danube_send_retries_total{" + labels + "} 0.0")
        .contains(
            "danube_connector_messages_failed_total{connector=\"c1\",danube_topic=\"/iot/sensors\","
                + "reason=\"rejected\",route=\"sensors/#\"} 0.0")
        .contains(
            "danube_connector_messages_dropped_total{connector=\"c1\",danube_topic=\"/iot/sensors\","
                + "reason=\"qos0_buffer_full\",route=\"sensors/#\"} 0.0")
        .contains(
            "danube_connector_messages_dropped_total{connector=\"c1\",danube_topic=\"\","
                + "reason=\"no_route\",route=\"\"} 0.0")
        .contains("danube_connector_processing_duration_seconds_count{connector=\"c1\"} 0");
  }

  @Test
  void processedMessagesCountPerRouteAndObserveReceiveToAckTime() throws Exception {
    ConnectorStats.RouteStats r = stats.route(sensors);
    stats.recordReceived();
    r.received(100);
    long receivedAt = now.get();
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(7));
    r.processed(receivedAt);
    stats.recordUnrouted();

    assertThat(stats.received()).isEqualTo(1);
    assertThat(stats.processed()).isEqualTo(1);
    assertThat(stats.processingDurationCount()).isEqualTo(1);
    assertThat(stats.dropped()).isEqualTo(1);
    String text = scrape();
    assertThat(text)
        .contains(
            "danube_connector_route_payload_bytes_total{connector=\"c1\",danube_topic=\"/iot/sensors\""
                + ",route=\"sensors/#\"} 100.0")
        // 7 ms lands in the 10 ms bucket, not in the 5 ms one.
        .contains(
            "danube_connector_processing_duration_seconds_bucket{connector=\"c1\",le=\"0.005\"} 0")
        .contains(
            "danube_connector_processing_duration_seconds_bucket{connector=\"c1\",le=\"0.01\"} 1")
        .contains("danube_connector_processing_duration_seconds_sum{connector=\"c1\"} 0.007")
        .contains("reason=\"no_route\",route=\"\"} 1.0");
  }
}
