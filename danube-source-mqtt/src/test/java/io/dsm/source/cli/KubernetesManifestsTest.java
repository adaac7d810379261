/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests (deploy/kubernetes: base, the deployment and statefulset variants,
 * monitoring) agree with the connector and with Kubernetes' rules: real settings only, probes on
 * paths it serves, Pod Security "restricted", a memory limit that holds the JVM's capped memory, no
 * Secret that {@code kubectl apply -k} could overwrite. No cluster and no kustomize run here, so
 * the YAML is parsed and the kustomize resource lists are followed by hand.
 */
class KubernetesManifestsTest {
  static final String DEPLOYMENT = DeploymentFiles.DEPLOYMENT;
  static final String STATEFULSET = DeploymentFiles.STATEFULSET;
  static final String KUBERNETES = "deploy/kubernetes";

  /**
   * Settings the manifests may set before the connector knows them: announced in the issues (shared
   * subscriptions across replicas, the ops endpoints' bind address) and documented in
   * docs/DEPLOYMENT.md. Once connector-config defines them they are checked like every other.
   */
  static final Set<String> UPCOMING_ENV = Set.of("MQTT_SHARED_GROUP", "METRICS_BIND_ADDRESS");

  /** Volume types Pod Security "restricted" allows. */
  static final Set<String> RESTRICTED_VOLUMES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /**
   * Native memory of the JVM that no flag caps (GC and compiler data, symbols, the CDS archive,
   * malloc arenas, libjvm's text): 45-60 MiB measured with native memory tracking
   * (docs/PERFORMANCE.md, docs/DEPLOYMENT.md "Memory"). Kept generous on purpose.
   */
  static final long UNCAPPED_NATIVE_MIB = 64;

  /** Threads to budget stacks for: 16-33 measured (jvm_threads_current), doubled. */
  static final int THREADS = 64;

  @TempDir Path dir;

  // ---- both workloads ----

  @ParameterizedTest
  @ValueSource(strings = {DEPLOYMENT, STATEFULSET})
  void setsOnlyRealSettings(String workload) throws Exception {
    List<String> names = DeploymentFilesTest.stream(container(workload).path("env"), "name");

    assertThat(names).isNotEmpty().doesNotHaveDuplicates();
    assertThat(names)
        .allSatisfy(
            name ->
                assertThat(name)
                    .satisfiesAnyOf(
                        n -> assertThat(DeploymentFilesTest.KNOWN_ENV).contains(n),
                        n -> assertThat(UPCOMING_ENV).contains(n)));
  }

  @ParameterizedTest
  @ValueSource(strings = {DEPLOYMENT, STATEFULSET})
  void credentialsComeFromTheSecretAndTheClientIdIsThePodName(String workload) throws Exception {
    Map<String, JsonNode> env = envByName(workload);

    for (String secret : List.of("MQTT_USERNAME", "MQTT_PASSWORD")) {
      JsonNode ref = env.get(secret).path("valueFrom").path("secretKeyRef");
      assertThat(ref.path("name").asText()).as(secret).isEqualTo(secretName());
      assertThat(secretData()).containsKey(ref.path("key").asText());
    }
    assertThat(
            env.get("MQTT_CLIENT_ID").path("valueFrom").path("fieldRef").path("fieldPath").asText())
        .isEqualTo("metadata.name");
  }

  @Test
  void eachStatefulSetReplicaHasItsOwnConnectorName() throws Exception {
    // Replicas sharing one name would share one Danube producer per topic and one metrics label.
    assertThat(
            envByName(STATEFULSET)
                .get("CONNECTOR_NAME")
                .path("valueFrom")
                .path("fieldRef")
                .path("fieldPath")
                .asText())
        .isEqualTo("metadata.name");
  }

  @ParameterizedTest
  @ValueSource(strings = {DEPLOYMENT, STATEFULSET})
  void probesUseServedPathsOnTheMetricsPort(String workload) throws Exception {
    Map<String, JsonNode> probes = DeploymentFiles.probes(workload);
    int metricsPort = metricsPort(workload);

    assertThat(probes).containsOnlyKeys("startupProbe", "livenessProbe", "readinessProbe");
    assertThat(path(probes.get("startupProbe"))).isEqualTo("/health");
    assertThat(path(probes.get("livenessProbe"))).isEqualTo("/health");
    assertThat(path(probes.get("readinessProbe"))).isEqualTo("/ready");
    for (Map.Entry<String, JsonNode> probe : probes.entrySet()) {
      JsonNode get = probe.getValue().path("httpGet");
      assertThat(DeploymentFilesTest.SERVED_PATHS)
          .as(probe.getKey())
          .contains(path(probe.getValue()));
      assertThat(containerPort(workload, get.path("port")))
          .as(probe.getKey())
          .isEqualTo(metricsPort);
    }
    // The startup probe protects a slow JVM start; liveness needs no initial delay of its own.
    JsonNode startup = probes.get("startupProbe");
    assertThat(startup.path("periodSeconds").asInt() * startup.path("failureThreshold").asInt())
        .isGreaterThanOrEqualTo(60);
    assertThat(probes.get("livenessProbe").has("initialDelaySeconds")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {DEPLOYMENT, STATEFULSET})
  void podSecurityRestricted(String workload) throws Exception {
    JsonNode pod = DeploymentFiles.podSpec(workload);
    JsonNode podSecurity = pod.path("securityContext");

    for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
      assertThat(pod.path(host).asBoolean(false)).as(host).isFalse();
    }
    assertThat(podSecurity.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(podSecurity.path("runAsUser").asInt()).isEqualTo(imageUid()).isNotZero();
    assertThat(podSecurity.path("seccompProfile").path("type").asText())
        .isEqualTo("RuntimeDefault");
    for (JsonNode volume : pod.path("volumes")) {
      List<String> kinds = new ArrayList<>();
      volume.fieldNames().forEachRemaining(kinds::add);
      kinds.remove("name");
      assertThat(kinds).as("volume %s", volume.path("name")).hasSize(1);
      assertThat(RESTRICTED_VOLUMES).as("volume %s", volume.path("name")).contains(kinds.get(0));
    }
    for (JsonNode container : pod.path("containers")) {
      JsonNode sc = container.path("securityContext");
      assertThat(sc.path("allowPrivilegeEscalation").isBoolean()).isTrue();
      assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(sc.path("privileged").asBoolean(false)).isFalse();
      assertThat(DeploymentFilesTest.stream(sc.path("capabilities").path("drop"))).contains("ALL");
      assertThat(DeploymentFilesTest.stream(sc.path("capabilities").path("add")))
          .isSubsetOf("NET_BIND_SERVICE");
      assertThat(sc.path("runAsUser").asInt(imageUid())).isNotZero();
      assertThat(sc.path("seccompProfile").path("type").asText("RuntimeDefault"))
          .isIn("RuntimeDefault", "Localhost");
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
      for (JsonNode port : container.path("ports")) {
        assertThat(port.has("hostPort")).isFalse();
      }
    }
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {DEPLOYMENT, STATEFULSET})
  void theMemoryLimitHoldsTheJvmsCappedMemory(String workload) throws Exception {
    Map<String, Long> jvm = jvmOptionsMib();
    JsonNode resources = container(workload).path("resources");
    long limit = mebibytes(resources.path("limits").path("memory").asText());
    long request = mebibytes(resources.path("requests").path("memory").asText());

    assertThat(jvm.get("-Xms")).as("a fixed heap").isEqualTo(jvm.get("-Xmx"));
    long capped =
        jvm.get("-Xmx")
            + jvm.get("-XX:MaxMetaspaceSize")
            + jvm.get("-XX:ReservedCodeCacheSize")
            + jvm.get("-XX:MaxDirectMemorySize")
            + THREADS * jvm.get("-Xss") / 1024;
    // Every capped area full at once still leaves a fifth of the limit, and with the JVM's own
    // uncapped native memory on top the total stays under the limit: no OOM kill by design.
    assertThat(capped).as("capped JVM memory (MiB)").isLessThanOrEqualTo(limit * 80 / 100);
    assertThat(capped + UNCAPPED_NATIVE_MIB).isLessThanOrEqualTo(limit);
    // The request covers the measured resident size under load (165-200 MiB).
    assertThat(request).isBetween(160L, limit);
    assertThat(DeploymentFiles.read(DeploymentFiles.JVM_OPTIONS))
        .contains("-XX:+ExitOnOutOfMemoryError");
    // Compose runs the same JVM under the same bound.
    assertThat(DeploymentFiles.composeConnector().path("mem_limit").asText())
        .isEqualTo(limit + "m");
  }

  @ParameterizedTest
  @ValueSource(strings = {DEPLOYMENT, STATEFULSET})
  void theImageIsTheProjectVersion(String workload) throws Exception {
    assertThat(container(workload).path("image").asText())
        .isEqualTo("danube-source-mqtt:" + DeploymentFiles.projectVersion());
  }

  @ParameterizedTest
  @ValueSource(strings = {DEPLOYMENT, STATEFULSET})
  void theConfigMapIsMountedWhereConnectorConfigPathPoints(String workload) throws Exception {
    JsonNode container = container(workload);
    Path configPath =
        Path.of(envByName(workload).get("CONNECTOR_CONFIG_PATH").path("value").asText());

    String volumeName = null;
    for (JsonNode m : container.path("volumeMounts")) {
      if (Path.of(m.path("mountPath").asText()).equals(configPath.getParent())) {
        volumeName = m.path("name").asText();
      }
    }
    assertThat(volumeName).as("a volume mounted at " + configPath.getParent()).isNotNull();
    String configMap = null;
    for (JsonNode v : DeploymentFiles.podSpec(workload).path("volumes")) {
      if (v.path("name").asText().equals(volumeName)) {
        configMap = v.path("configMap").path("name").asText();
      }
    }
    JsonNode cm = configMap();
    assertThat(cm.path("metadata").path("name").asText()).isEqualTo(configMap);
    assertThat(cm.path("data").has(configPath.getFileName().toString())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {DEPLOYMENT, STATEFULSET})
  void theRoutesFileLoadsWithTheWorkloadsEnvironment(String workload) throws Exception {
    Path toml =
        Files.writeString(
            dir.resolve("connector.toml"),
            configMap().path("data").path("connector.toml").asText());
    Map<String, String> env = new HashMap<>();
    Map<String, String> secret = secretData();
    for (Map.Entry<String, JsonNode> e : envByName(workload).entrySet()) {
      JsonNode var = e.getValue();
      if (UPCOMING_ENV.contains(e.getKey())
          && !DeploymentFilesTest.KNOWN_ENV.contains(e.getKey())) {
        continue; // not a setting yet: the loader would not know it
      }
      if (var.has("value")) {
        env.put(e.getKey(), var.get("value").asText());
      } else if (var.path("valueFrom").has("secretKeyRef")) {
        env.put(
            e.getKey(),
            secret.get(var.path("valueFrom").path("secretKeyRef").path("key").asText()));
      } else if (var.path("valueFrom").has("fieldRef")) {
        env.put(e.getKey(), "mqtt-source-connector-0"); // a pod name
      }
    }
    env.put("CONNECTOR_CONFIG_PATH", toml.toString());

    LoadedConfig config = ConfigLoader.load(EnvSource.of(env), Map.of());

    assertThat(config.warnings()).isEmpty();
    assertThat(config.settings().routes()).hasSize(4);
    assertThat(config.settings().mqtt().password()).isEqualTo(secret.get("password"));
    assertThat(config.settings().runtime().metricsPort()).isEqualTo(metricsPort(workload));
    assertThat(config.settings().mqtt().cleanSession()).isEqualTo(workload.equals(DEPLOYMENT));
  }

  @ParameterizedTest
  @ValueSource(strings = {DEPLOYMENT, STATEFULSET})
  void theMetricsServiceSelectsThePods(String workload) throws Exception {
    JsonNode service = DeploymentFiles.yaml(KUBERNETES + "/base/service.yaml");
    JsonNode port = service.path("spec").path("ports").get(0);

    assertThat(port.path("port").asInt()).isEqualTo(metricsPort(workload));
    assertThat(containerPort(workload, port.path("targetPort"))).isEqualTo(metricsPort(workload));
    assertThat(selects(service.path("spec").path("selector"), workload)).isTrue();
  }

  // ---- the two variants ----

  @Test
  void theDeploymentIsOneCleanSessionReplica() throws Exception {
    JsonNode deployment = DeploymentFiles.deployment();
    Map<String, JsonNode> env = envByName(DEPLOYMENT);

    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
    // Never two pods with the same filters outside a shared group, not even during an update.
    assertThat(deployment.path("spec").path("strategy").path("type").asText())
        .isEqualTo("Recreate");
    assertThat(env).doesNotContainKeys("MQTT_SHARED_GROUP", "MQTT_CLEAN_SESSION");
  }

  @Test
  void theStatefulSetIsThreeMembersOfOneSharedGroupWithPersistentSessions() throws Exception {
    JsonNode sts = DeploymentFiles.yaml(STATEFULSET);
    Map<String, JsonNode> env = envByName(STATEFULSET);
    String group = env.get("MQTT_SHARED_GROUP").path("value").asText();

    assertThat(sts.path("kind").asText()).isEqualTo("StatefulSet");
    assertThat(sts.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(group).isNotBlank().doesNotContain("/", "+", "#");
    assertThat(env.get("MQTT_CLEAN_SESSION").path("value").asText()).isEqualTo("false");
    // Stable names: the governing headless Service exists and selects the pods.
    JsonNode headless = DeploymentFiles.yaml(KUBERNETES + "/statefulset/service-headless.yaml");
    assertThat(headless.path("metadata").path("name").asText())
        .isEqualTo(sts.path("spec").path("serviceName").asText());
    assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
    assertThat(selects(headless.path("spec").path("selector"), STATEFULSET)).isTrue();
    assertThat(selects(sts.path("spec").path("selector").path("matchLabels"), STATEFULSET))
        .isTrue();
  }

  @Test
  void thePodDisruptionBudgetKeepsAllButOneMemberRunning() throws Exception {
    JsonNode pdb = DeploymentFiles.yaml(KUBERNETES + "/statefulset/poddisruptionbudget.yaml");
    int replicas = DeploymentFiles.yaml(STATEFULSET).path("spec").path("replicas").asInt();

    assertThat(pdb.path("apiVersion").asText()).isEqualTo("policy/v1");
    assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1).isLessThan(replicas);
    assertThat(selects(pdb.path("spec").path("selector").path("matchLabels"), STATEFULSET))
        .isTrue();
  }

  @Test
  void bothVariantsRunTheSamePodApartFromTheSharedGroupAndNameSettings() throws Exception {
    JsonNode deploymentPod = DeploymentFiles.podSpec(DEPLOYMENT).deepCopy();
    JsonNode statefulPod = DeploymentFiles.podSpec(STATEFULSET).deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) statefulPod)
        .remove("topologySpreadConstraints");
    removeEnv(statefulPod, "MQTT_SHARED_GROUP", "MQTT_CLEAN_SESSION", "CONNECTOR_NAME");
    removeEnv(deploymentPod, "CONNECTOR_NAME");

    assertThat(statefulPod).isEqualTo(deploymentPod);
  }

  // ---- kustomize ----

  @Test
  void theVariantsShareTheBaseAndNoKustomizationCreatesASecret() throws Exception {
    for (String overlay : List.of("deployment", "statefulset")) {
      assertThat(resources(KUBERNETES + "/" + overlay)).contains("../base");
      List<JsonNode> manifests = manifests(KUBERNETES + "/" + overlay);
      assertThat(manifests).extracting(m -> m.path("kind").asText()).doesNotContain("Secret");
      assertThat(manifests)
          .extracting(m -> m.path("kind").asText())
          .contains(
              "ConfigMap", "Service", overlay.equals("deployment") ? "Deployment" : "StatefulSet");
    }
    try (Stream<Path> files = Files.walk(DeploymentFiles.root().resolve(KUBERNETES))) {
      for (Path k :
          files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
        JsonNode kustomization =
            DeploymentFiles.yaml(DeploymentFiles.root().relativize(k).toString());
        assertThat(kustomization.has("secretGenerator")).as(k.toString()).isFalse();
        assertThat(kustomization.toString()).as(k.toString()).doesNotContain("examples");
      }
    }
    assertThat(
            DeploymentFiles.yaml(KUBERNETES + "/examples/mqtt-credentials-secret.yaml")
                .path("kind")
                .asText())
        .isEqualTo("Secret");
  }

  @Test
  void everyManifestBelongsToAKustomizationExceptTheExample() throws Exception {
    Set<Path> referenced = new LinkedHashSet<>();
    for (String k : List.of("deployment", "statefulset", "monitoring")) {
      collect(DeploymentFiles.root().resolve(KUBERNETES + "/" + k), referenced);
    }
    try (Stream<Path> files = Files.walk(DeploymentFiles.root().resolve(KUBERNETES))) {
      List<Path> manifests =
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
              .filter(p -> !p.getParent().getFileName().toString().equals("examples"))
              .map(Path::normalize)
              .toList();
      assertThat(referenced).containsAll(manifests);
    }
  }

  @Test
  void thePodMonitorScrapesTheMetricsPortUnderTheAlertRulesJobName() throws Exception {
    JsonNode monitor = DeploymentFiles.yaml(KUBERNETES + "/monitoring/podmonitor.yaml");
    JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
    String job = null;
    for (JsonNode relabel : endpoint.path("relabelings")) {
      if (relabel.path("targetLabel").asText().equals("job")) {
        job = relabel.path("replacement").asText();
      }
    }

    assertThat(monitor.path("kind").asText()).isEqualTo("PodMonitor");
    for (String workload : List.of(DEPLOYMENT, STATEFULSET)) {
      assertThat(selects(monitor.path("spec").path("selector").path("matchLabels"), workload))
          .isTrue();
      assertThat(containerPort(workload, endpoint.path("port"))).isEqualTo(metricsPort(workload));
    }
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(job).isEqualTo(alertRulesJob());
    assertThat(
            DeploymentFiles.yaml("deploy/prometheus/prometheus.yml")
                .path("scrape_configs")
                .get(0)
                .path("job_name")
                .asText())
        .isEqualTo(job);
  }

  // ---- helpers ----

  static JsonNode container(String workload) throws Exception {
    return DeploymentFiles.connectorContainer(workload);
  }

  static Map<String, JsonNode> envByName(String workload) throws Exception {
    Map<String, JsonNode> env = new LinkedHashMap<>();
    for (JsonNode var : container(workload).path("env")) {
      env.put(var.path("name").asText(), var);
    }
    return env;
  }

  static int metricsPort(String workload) throws Exception {
    return Integer.parseInt(envByName(workload).get("METRICS_PORT").path("value").asText());
  }

  static String path(JsonNode probe) {
    return probe.path("httpGet").path("path").asText();
  }

  static JsonNode configMap() throws Exception {
    return DeploymentFiles.yaml(KUBERNETES + "/base/configmap.yaml");
  }

  static String secretName() throws Exception {
    return DeploymentFiles.yaml(KUBERNETES + "/examples/mqtt-credentials-secret.yaml")
        .path("metadata")
        .path("name")
        .asText();
  }

  static Map<String, String> secretData() throws Exception {
    return DeploymentFilesTest.fields(
        DeploymentFiles.yaml(KUBERNETES + "/examples/mqtt-credentials-secret.yaml")
            .path("stringData"));
  }

  /** A port given by number or by the container port's name. */
  static int containerPort(String workload, JsonNode port) throws Exception {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode p : container(workload).path("ports")) {
      if (p.path("name").asText().equals(port.asText())) {
        return p.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port named " + port.asText());
  }

  /** Whether a label selector matches the workload's pod labels. */
  static boolean selects(JsonNode selector, String workload) throws Exception {
    JsonNode labels =
        DeploymentFiles.yaml(workload)
            .path("spec")
            .path("template")
            .path("metadata")
            .path("labels");
    if (selector.isEmpty()) {
      return false;
    }
    boolean all = true;
    for (Map.Entry<String, String> e : DeploymentFilesTest.fields(selector).entrySet()) {
      all &= e.getValue().equals(labels.path(e.getKey()).asText(null));
    }
    return all;
  }

  static int imageUid() throws Exception {
    String user =
        DeploymentFiles.finalStage().stream()
            .filter(i -> i.startsWith("USER "))
            .reduce((a, b) -> b)
            .orElseThrow();
    return Integer.parseInt(user.substring(5).split(":")[0]);
  }

  /** -Xmx, -XX:MaxMetaspaceSize, ... of jvm.options in MiB (-Xss in KiB). */
  static Map<String, Long> jvmOptionsMib() throws Exception {
    Map<String, Long> values = new HashMap<>();
    Matcher m =
        Pattern.compile("(?m)^(-Xm[sx]|-Xss|-XX:\\w+Size=?)(\\d+)([kmg])\\s*$")
            .matcher(DeploymentFiles.read(DeploymentFiles.JVM_OPTIONS));
    while (m.find()) {
      String key = m.group(1).replace("=", "");
      long n = Long.parseLong(m.group(2));
      String unit = m.group(3);
      boolean stack = key.equals("-Xss");
      long mib = unit.equals("g") ? n * 1024 : unit.equals("k") ? n / 1024 : n;
      values.put(key, stack ? (unit.equals("k") ? n : n * 1024) : mib);
    }
    assertThat(values)
        .containsKeys(
            "-Xms",
            "-Xmx",
            "-Xss",
            "-XX:MaxMetaspaceSize",
            "-XX:ReservedCodeCacheSize",
            "-XX:MaxDirectMemorySize");
    return values;
  }

  static long mebibytes(String quantity) {
    if (quantity.endsWith("Mi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }
    if (quantity.endsWith("Gi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
    }
    throw new AssertionError("memory quantity not in Mi or Gi: " + quantity);
  }

  static List<String> resources(String kustomizationDir) throws Exception {
    return DeploymentFilesTest.stream(
        DeploymentFiles.yaml(kustomizationDir + "/kustomization.yaml").path("resources"));
  }

  /** Every manifest a kustomization directory pulls in, following directory resources. */
  static List<JsonNode> manifests(String kustomizationDir) throws Exception {
    Set<Path> files = new LinkedHashSet<>();
    collect(DeploymentFiles.root().resolve(kustomizationDir), files);
    List<JsonNode> manifests = new ArrayList<>();
    for (Path f : files) {
      manifests.add(DeploymentFiles.yaml(DeploymentFiles.root().relativize(f).toString()));
    }
    return manifests;
  }

  static void collect(Path kustomizationDir, Set<Path> files) throws Exception {
    Path k = kustomizationDir.resolve("kustomization.yaml");
    assertThat(k).isRegularFile();
    for (String resource :
        resources(DeploymentFiles.root().relativize(kustomizationDir).toString())) {
      Path p = kustomizationDir.resolve(resource).normalize();
      assertThat(p).as("resource %s of %s", resource, k).exists();
      if (Files.isDirectory(p)) {
        collect(p, files);
      } else {
        files.add(p);
      }
    }
  }

  static void removeEnv(JsonNode pod, String... names) {
    Set<String> drop = Set.of(names);
    com.fasterxml.jackson.databind.node.ArrayNode env =
        (com.fasterxml.jackson.databind.node.ArrayNode) pod.path("containers").get(0).path("env");
    for (int i = env.size() - 1; i >= 0; i--) {
      if (drop.contains(env.get(i).path("name").asText())) {
        env.remove(i);
      }
    }
  }

  /** The job label the alert rules select on: up{job="..."}. */
  static String alertRulesJob() throws Exception {
    Matcher m =
        Pattern.compile("up\\{job=\"([^\"]+)\"}")
            .matcher(DeploymentFiles.read("deploy/prometheus/alerts.yml"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
