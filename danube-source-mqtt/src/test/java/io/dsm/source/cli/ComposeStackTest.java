/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker-compose.yml hangs together: files it mounts exist, images are pinned, every host
 * name and port one service uses to reach another is that service's name and port. No container
 * engine runs here, so the wiring is what can be checked; docs/DEPLOYMENT.md says what was not.
 */
class ComposeStackTest {

  @Test
  void everyMountedFileExists() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : services()) {
      for (String volume : DeploymentFilesTest.stream(service.getValue().path("volumes"))) {
        String source = volume.split(":")[0];
        if (source.startsWith("./") || source.startsWith("../")) {
          assertThat(DeploymentFiles.root().resolve("deploy").resolve(source).normalize())
              .as("%s mounts %s", service.getKey(), source)
              .exists();
          checked.add(source);
        }
      }
    }
    assertThat(checked)
        .contains(
            "./danube/danube_broker.yml",
            "./mosquitto/mosquitto.conf",
            "./prometheus/alerts.yml",
            "./grafana/danube-source-mqtt.json");
  }

  @Test
  void everyImageIsPinnedToAVersion() throws Exception {
    for (Map.Entry<String, JsonNode> service : services()) {
      String image = service.getValue().path("image").asText();
      if (service.getValue().has("build")) {
        continue; // built from this repository
      }
      String tag = image.substring(image.lastIndexOf(':') + 1);
      assertThat(image).as(service.getKey()).contains(":");
      assertThat(tag).as("tag of %s", service.getKey()).matches("v?\\d+(\\.\\d+)+");
    }
  }

  @Test
  void theConnectorReachesDanubeAndMosquittoByServiceNameAndPort() throws Exception {
    JsonNode connector = DeploymentFiles.composeConnector();
    Map<String, String> env = DeploymentFilesTest.fields(connector.path("environment"));
    URI danube = URI.create(env.get("DANUBE_SERVICE_URL"));
    JsonNode brokerConfig = DeploymentFiles.yaml("deploy/danube/danube_broker.yml");

    assertThat(serviceNames()).contains(danube.getHost(), env.get("MQTT_BROKER_HOST"));
    assertThat(danube.getPort())
        .isEqualTo(brokerConfig.path("broker").path("ports").path("client").asInt());
    assertThat(mosquittoListenerPort()).isEqualTo(1883); // MQTT_BROKER_PORT's default
    assertThat(env).doesNotContainKey("MQTT_BROKER_PORT");
    // Both brokers are healthy before the connector starts, so it does not exit 69 on a race.
    assertThat(connector.path("depends_on").path("danube-broker").path("condition").asText())
        .isEqualTo("service_healthy");
    assertThat(connector.path("depends_on").path("mosquitto").path("condition").asText())
        .isEqualTo("service_healthy");
  }

  @Test
  void theBrokerBootstrapsTheNamespacesOfEveryExampleRoute() throws Exception {
    Set<String> namespaces = new LinkedHashSet<>();
    namespaces.add(
        namespace(
            DeploymentFiles.composeConnector()
                .path("environment")
                .path("MQTT_DANUBE_TOPIC")
                .asText()));
    String routes =
        DeploymentFiles.yaml("deploy/kubernetes/base/configmap.yaml")
            .path("data")
            .path("connector.toml")
            .asText();
    Matcher to = Pattern.compile("(?m)^to = \"(/[^\"]+)\"").matcher(routes);
    while (to.find()) {
      namespaces.add(namespace(to.group(1)));
    }
    namespaces.add("mqtt"); // derived Danube topic names (MQTT_DANUBE_TOPIC unset) live in /mqtt
    JsonNode broker = DeploymentFiles.yaml("deploy/danube/danube_broker.yml");

    assertThat(namespaces).contains("iot");
    assertThat(DeploymentFilesTest.stream(broker.path("bootstrap_namespaces")))
        .containsAll(namespaces);
  }

  @Test
  void prometheusScrapesTheComposeServicesAndLoadsTheMountedRules() throws Exception {
    JsonNode prometheus = DeploymentFiles.yaml("deploy/prometheus/prometheus.yml");
    JsonNode compose = DeploymentFiles.compose().path("services");
    String metricsPort =
        DeploymentFiles.composeConnector().path("environment").path("METRICS_PORT").asText();
    int brokerMetricsPort =
        DeploymentFiles.yaml("deploy/danube/danube_broker.yml")
            .path("broker")
            .path("ports")
            .path("prometheus")
            .asInt();

    for (JsonNode job : prometheus.path("scrape_configs")) {
      for (JsonNode sc : job.path("static_configs")) {
        for (String target : DeploymentFilesTest.stream(sc.path("targets"))) {
          String host = target.substring(0, target.lastIndexOf(':'));
          assertThat(serviceNames()).as("target %s", target).contains(host);
        }
      }
    }
    assertThat(targets(prometheus, "danube-source-mqtt"))
        .containsExactly("mqtt-connector:" + metricsPort);
    assertThat(targets(prometheus, "danube-broker"))
        .containsExactly("danube-broker:" + brokerMetricsPort);
    assertThat(compose.path("prometheus").path("profiles").toString()).contains("monitoring");
    // The rule file Prometheus loads sits next to its configuration in the container.
    List<String> mounts = DeploymentFilesTest.stream(compose.path("prometheus").path("volumes"));
    for (String rules : DeploymentFilesTest.stream(prometheus.path("rule_files"))) {
      assertThat(mounts).anyMatch(v -> v.contains(":/etc/prometheus/" + rules));
    }
    assertThat(mounts)
        .anyMatch(v -> v.startsWith("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"));
  }

  @Test
  void grafanaGetsThePrometheusServiceAndTheDashboard() throws Exception {
    JsonNode grafana = DeploymentFiles.compose().path("services").path("grafana");
    JsonNode datasource =
        DeploymentFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
            .path("datasources")
            .get(0);
    String dashboardsPath =
        DeploymentFiles.yaml("deploy/grafana/provisioning/dashboards/danube-source-mqtt.yml")
            .path("providers")
            .get(0)
            .path("options")
            .path("path")
            .asText();
    URI url = URI.create(datasource.path("url").asText());

    assertThat(url.getHost()).isEqualTo("prometheus");
    assertThat(url.getPort()).isEqualTo(9090); // inside the network, not the host's 9091
    assertThat(DeploymentFilesTest.stream(grafana.path("volumes")))
        .contains(
            "./grafana/danube-source-mqtt.json:" + dashboardsPath + "/danube-source-mqtt.json:ro");
    assertThat(grafana.path("profiles").toString()).contains("monitoring");
  }

  @Test
  void publishedHostPortsDoNotCollide() throws Exception {
    List<String> hostPorts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : services()) {
      for (String mapping : DeploymentFilesTest.stream(service.getValue().path("ports"))) {
        hostPorts.add(mapping.split(":")[0]);
      }
    }
    assertThat(hostPorts).doesNotHaveDuplicates().contains("9090", "9091", "1883", "6650", "3000");
  }

  @Test
  void mosquittoKeepsALargeBacklogInsteadOfDroppingItAt1000Messages() throws Exception {
    Map<String, String> conf = mosquittoConf();

    // Mosquitto's default of 1000 drops queued QoS 1/2 messages silently.
    long messages = Long.parseLong(conf.getOrDefault("max_queued_messages", "1000"));
    long bytes = Long.parseLong(conf.getOrDefault("max_queued_bytes", "0"));
    assertThat(messages == 0 || messages >= 1_000_000)
        .as("max_queued_messages " + messages)
        .isTrue();
    assertThat(bytes == 0 || bytes >= 256L * 1024 * 1024).as("max_queued_bytes " + bytes).isTrue();
    assertThat(conf).containsEntry("persistence", "true");
  }

  // ---- helpers ----

  static List<Map.Entry<String, JsonNode>> services() throws Exception {
    List<Map.Entry<String, JsonNode>> services = new ArrayList<>();
    DeploymentFiles.compose().path("services").fields().forEachRemaining(services::add);
    return services;
  }

  static Set<String> serviceNames() throws Exception {
    Set<String> names = new LinkedHashSet<>();
    services().forEach(e -> names.add(e.getKey()));
    return names;
  }

  static List<String> targets(JsonNode prometheus, String job) {
    for (JsonNode j : prometheus.path("scrape_configs")) {
      if (j.path("job_name").asText().equals(job)) {
        return DeploymentFilesTest.stream(j.path("static_configs").get(0).path("targets"));
      }
    }
    throw new AssertionError("no scrape job " + job);
  }

  static String namespace(String danubeTopic) {
    return danubeTopic.split("/")[1];
  }

  static Map<String, String> mosquittoConf() throws Exception {
    Map<String, String> conf = new java.util.LinkedHashMap<>();
    for (String line :
        Files.readAllLines(DeploymentFiles.root().resolve("deploy/mosquitto/mosquitto.conf"))) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        String[] kv = l.split("\\s+", 2);
        conf.putIfAbsent(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return conf;
  }

  static int mosquittoListenerPort() throws Exception {
    return Integer.parseInt(mosquittoConf().get("listener").split("\\s+")[0]);
  }
}
