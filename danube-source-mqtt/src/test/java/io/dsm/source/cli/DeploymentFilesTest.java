/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.LoadedConfig;
import io.dsm.connector.config.Setting;
import io.dsm.connector.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile and the Compose file's connector agree with the connector: only settings it knows,
 * the probe path it serves, the port of METRICS_PORT, the real defaults, the launcher's JVM flags.
 * No container engine runs here, so the files are parsed, not run; {@code DeploymentProbesIT} asks
 * a running connector for the probe paths and LauncherIT runs the ENTRYPOINT. The Kubernetes
 * manifests: {@link KubernetesManifestsTest}.
 */
class DeploymentFilesTest {
  /** The paths the connector's HTTP server answers (io.dsm.runtime.http.OpsHttpServer). */
  static final Set<String> SERVED_PATHS = Set.of("/health", "/ready", "/metrics");

  static final Set<String> KNOWN_ENV =
      Settings.ALL.stream().map(Setting::env).collect(Collectors.toUnmodifiableSet());

  @TempDir Path dir;

  @Test
  void composeSetsOnlyKnownSettingsAndTheyLoad() throws Exception {
    Map<String, String> env = fields(DeploymentFiles.composeConnector().path("environment"));

    assertThat(env).isNotEmpty();
    assertThat(env.keySet()).allSatisfy(name -> assertThat(KNOWN_ENV).contains(name));
    LoadedConfig config = ConfigLoader.load(EnvSource.of(env), Map.of());
    assertThat(config.warnings()).isEmpty();
    assertThat(config.settings().mqtt().host()).isEqualTo("mosquitto");
  }

  @Test
  void composePublishesMetricsPortAndMountsFilesThatExist() throws Exception {
    JsonNode connector = DeploymentFiles.composeConnector();
    String metricsPort = connector.path("environment").path("METRICS_PORT").asText();
    List<String> containerPorts =
        stream(connector.path("ports")).stream()
            .map(p -> p.substring(p.lastIndexOf(':') + 1))
            .toList();
    assertThat(containerPorts).contains(metricsPort);

    JsonNode services = DeploymentFiles.compose().path("services");
    for (String service : List.of("mosquitto", "danube-broker")) {
      for (String volume : stream(services.path(service).path("volumes"))) {
        String source = volume.split(":")[0];
        if (source.startsWith("./")) {
          assertThat(DeploymentFiles.root().resolve("deploy").resolve(source))
              .as(service + " mounts " + source)
              .isRegularFile();
        }
      }
    }
    assertThat(services.path("mosquitto").path("volumes").toString())
        .contains("./mosquitto/mosquitto.conf:/mosquitto/config/mosquitto.conf");
  }

  @Test
  void composeDanubeBrokerCreatesTheNamespaceTheConnectorWritesTo() throws Exception {
    String topic =
        DeploymentFiles.composeConnector().path("environment").path("MQTT_DANUBE_TOPIC").asText();
    String namespace = topic.split("/")[1];
    JsonNode broker = DeploymentFiles.yaml("deploy/danube/danube_broker.yml");

    assertThat(stream(broker.path("bootstrap_namespaces"))).contains(namespace);
    assertThat(broker.path("auto_create_topics").asBoolean()).isTrue();
  }

  @Test
  void dockerfileSetsOnlyKnownSettingsAndExposesMetricsPort() throws Exception {
    Map<String, String> env = DeploymentFiles.dockerEnv();
    // Connector settings, plus the one C library setting the image tunes (malloc arenas, for RSS).
    assertThat(env.keySet())
        .allSatisfy(
            name ->
                assertThat(name)
                    .satisfiesAnyOf(
                        n -> assertThat(KNOWN_ENV).contains(n),
                        n -> assertThat(n).isEqualTo("MALLOC_ARENA_MAX")));
    assertThat(env).containsEntry("MALLOC_ARENA_MAX", "2");
    String metricsPort = env.get("METRICS_PORT");
    assertThat(metricsPort).isEqualTo("9090");
    assertThat(DeploymentFiles.finalStage()).contains("EXPOSE " + metricsPort);
  }

  @Test
  void dockerHealthcheckAsksForHealthOnMetricsPort() throws Exception {
    String[] check = DeploymentFiles.healthcheck();

    assertThat(check[0]).isEqualTo("METRICS_PORT");
    assertThat(check[1]).isEqualTo("/health");
    assertThat(DeploymentFiles.dockerEnv()).containsKey(check[0]);
  }

  @Test
  void dockerImageRunsTheShadedJarAsANonRootUserWithTheLaunchersJvmOptions() throws Exception {
    List<String> stage = DeploymentFiles.finalStage();
    String user =
        stage.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(user.substring(5).split(":")[0]).isNotIn("0", "root");
    assertThat(DeploymentFiles.entrypoint())
        .contains("@/app/jvm.options", "-jar /app/danube-source-mqtt.jar", "exec java");
    assertThat(stage)
        .anyMatch(
            i -> i.startsWith("COPY --from=build") && i.endsWith("/app/danube-source-mqtt.jar"));
    // One file of JVM flags for the image and the launcher.
    assertThat(stage).contains("COPY " + DeploymentFiles.JVM_OPTIONS + " /app/jvm.options");
    assertThat(DeploymentFiles.read("bin/danube-source-mqtt"))
        .contains("$DSM_ROOT/" + DeploymentFiles.JVM_OPTIONS);
    assertThat(DeploymentFiles.buildStage().get(0))
        .startsWith("FROM --platform=$BUILDPLATFORM eclipse-temurin:17-jdk");
    assertThat(stage.get(0)).startsWith("FROM eclipse-temurin:17-jre");
  }

  @Test
  void dockerBuildDownloadsDependenciesInALayerBeforeTheSources() throws Exception {
    List<String> build = DeploymentFiles.buildStage();
    int goOffline = indexOf(build, i -> i.startsWith("RUN ") && i.contains(":go-offline"));
    int sources = build.indexOf("COPY . .");
    int packageRun = indexOf(build, i -> i.startsWith("RUN ") && i.contains(" package"));

    assertThat(goOffline).as("a go-offline RUN").isNotNegative();
    assertThat(sources).isGreaterThan(goOffline);
    assertThat(packageRun).isGreaterThan(sources);
    // Before the dependency layer only the wrapper and the poms: a source edit must not bust it.
    for (String copy : build.subList(0, goOffline)) {
      if (copy.startsWith("COPY ")) {
        assertThat(copy.substring(5).split(" ")[0])
            .matches("mvnw|pom\\.xml|\\.mvn/|[a-z-]+/pom\\.xml");
      }
    }
    // Every module of the reactor has its pom copied (Maven refuses a missing module).
    for (String module : DeploymentFiles.reactorModules()) {
      assertThat(build).as(module).contains("COPY " + module + "/pom.xml " + module + "/");
    }
    assertThat(build.get(packageRun)).contains("-Ddsm.build.commit=\"${VCS_REF}\"");
  }

  @Test
  void dockerImageCarriesOciLabelsAndTheProjectVersion() throws Exception {
    String labels =
        DeploymentFiles.finalStage().stream()
            .filter(i -> i.startsWith("LABEL "))
            .reduce("", String::concat);
    for (String key : List.of("version", "revision", "source", "licenses", "title")) {
      assertThat(labels).contains("org.opencontainers.image." + key + "=");
    }
    assertThat(labels).contains("licenses=\"Apache-2.0\"", "version=\"${VERSION}\"");
    assertThat(DeploymentFiles.dockerInstructions())
        .contains("ARG VERSION=" + DeploymentFiles.projectVersion());
  }

  @Test
  void dockerfileCommentsStateTheRealDefaults() throws Exception {
    Map<String, String> documented = new LinkedHashMap<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\b([A-Z][A-Z0-9_]+)=(\\S+)")
            .matcher(DeploymentFiles.dockerfileComments());
    while (m.find()) {
      // Settings with a default; the run example in the header sets required ones.
      if (KNOWN_ENV.contains(m.group(1)) && setting(m.group(1)).defaultValue() != null) {
        documented.put(m.group(1), m.group(2));
      }
    }

    assertThat(documented).containsKeys("MAX_IN_FLIGHT", "DRAIN_TIMEOUT_SECS", "MQTT_QOS");
    for (Map.Entry<String, String> e : documented.entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).isEqualTo(formattedDefault(setting(e.getKey())));
    }
  }

  // ---- helpers ----

  static Setting<?> setting(String env) {
    return Settings.ALL.stream().filter(s -> s.env().equals(env)).findFirst().orElseThrow();
  }

  static <T> String formattedDefault(Setting<T> setting) {
    return setting.type().format(setting.defaultValue());
  }

  static int indexOf(List<String> list, java.util.function.Predicate<String> p) {
    for (int i = 0; i < list.size(); i++) {
      if (p.test(list.get(i))) {
        return i;
      }
    }
    return -1;
  }

  static Map<String, String> fields(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  static List<String> stream(JsonNode array) {
    return stream(array, null);
  }

  static List<String> stream(JsonNode array, String field) {
    List<String> values = new java.util.ArrayList<>();
    for (JsonNode item : array) {
      values.add(field == null ? item.asText() : item.path(field).asText());
    }
    return values;
  }
}
