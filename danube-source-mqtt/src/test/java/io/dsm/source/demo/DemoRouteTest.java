/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.LoadedConfig;
import io.dsm.connector.config.RouteSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoRouteTest {
  @TempDir Path dir;

  @Test
  void theDemoRoutesLoadThroughTheProductionLoader() throws Exception {
    Path toml = Files.writeString(dir.resolve("demo.toml"), DemoRoute.toml(DemoRoute.ALL));
    LoadedConfig config =
        ConfigLoader.load(
            EnvSource.of(
                Map.of(
                    "DANUBE_SERVICE_URL", "http://127.0.0.1:6650",
                    "CONNECTOR_NAME", "demo",
                    "MQTT_BROKER_HOST", "127.0.0.1",
                    "MQTT_CLIENT_ID", "demo")),
            Map.of("--config", toml.toString()));

    assertThat(config.warnings()).isEmpty();
    assertThat(config.settings().routes())
        .containsExactly(
            new RouteSettings("factory/+/sensors/#", "/iot/factory", 1, 0, true),
            new RouteSettings("devices/+/telemetry", "/iot/devices", 1, 0, true),
            new RouteSettings("fleet/#", "/iot/fleet", 1, 2, true),
            new RouteSettings("sensors/#", "/iot/sensors", 1, 0, true));
  }

  @Test
  void partitionedRoutesAreStoredInOneTopicPerPartition() {
    assertThat(new DemoRoute("v", "fleet/#", "/iot/fleet", 2).storageTopics())
        .containsExactly("/iot/fleet-part-0", "/iot/fleet-part-1");
    assertThat(new DemoRoute("s", "sensors/#", "/iot/sensors", 0).storageTopics())
        .containsExactly("/iot/sensors");
  }

  @Test
  void everyDemoTopicIsInTheNamespaceTheDemoCreates() {
    assertThat(DemoRoute.ALL)
        .allSatisfy(r -> assertThat(r.danubeTopic()).startsWith("/" + DemoRoute.NAMESPACE + "/"));
  }
}
