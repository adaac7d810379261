/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.internal.IntakeWindow;
import io.dsm.runtime.metrics.BuildInfo;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusMetricsTest {

  @Test
  void buildInfoIsOneWithTheVersionAndCommitAsLabels() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    IntakeWindow window = new IntakeWindow(64, 1 << 20, 100, System::nanoTime);
    MqttConnectionTracker mqtt = new MqttConnectionTracker(List.of("a/#"));
    ConnectorHealth health =
        new ConnectorHealth("mqtt:1883", mqtt, window, Duration.ofSeconds(10), 1);
    StatusMetrics.register(registry, "c1", health, mqtt, window, 64, 100);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    BuildInfo build = BuildInfo.current();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "danube_connector_build_info{commit=\""
                + build.commit()
                + "\",connector=\"c1\",version=\""
                + build.version()
                + "\"} 1");
  }
}
