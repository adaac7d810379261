/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bin/danube-source-mqtt} as an operator starts it from cron, systemd or {@code env -i}: no
 * locale at all. Runs the real launcher on the shaded jar the {@code package} phase built.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {
  static final Path LAUNCHER = DeploymentFiles.root().resolve("bin/danube-source-mqtt");
  static final Path JAR =
      DeploymentFiles.root().resolve("danube-source-mqtt/target/danube-source-mqtt.jar");

  @BeforeAll
  static void theLauncherFindsItsJar() {
    // Without it the launcher would start a Maven build of its own inside the test.
    assertThat(JAR)
        .as("the shaded jar the launcher runs (built by ./mvnw package)")
        .isRegularFile();
  }

  @Test
  void nonAsciiTopicFiltersSurviveAnEmptyEnvironment() throws Exception {
    Result result =
        run(
            Map.of(
                "DANUBE_SERVICE_URL", "http://127.0.0.1:6650",
                "CONNECTOR_NAME", "utf8-check",
                "MQTT_BROKER_HOST", "127.0.0.1",
                "MQTT_CLIENT_ID", "utf8-check",
                "MQTT_TOPICS", "ü/测试",
                "MQTT_DANUBE_TOPIC", "/iot/data"),
            "print-config");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .doesNotContain("??")
        .containsPattern("MQTT_TOPICS +ü/测试 +env")
        .contains("[0] ü/测试 -> /iot/data");
  }

  @Test
  void theJvmRunsWithTheFlagsOfJvmOptions() throws Exception {
    // JDK_JAVA_OPTIONS is added in front of the launcher's own arguments, so the flags printed are
    // what the launcher's options file set, not defaults.
    Result result = run(Map.of("JDK_JAVA_OPTIONS", "-XX:+PrintFlagsFinal"), "--version");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .containsPattern("ExitOnOutOfMemoryError += true +\\{product} \\{command line}")
        .containsPattern("MaxHeapSize += 100663296 ")
        .containsPattern("MaxDirectMemorySize += 67108864 ")
        .containsPattern("MaxMetaspaceSize += 67108864 ")
        .containsPattern("UseSerialGC += true ")
        .containsPattern(
            "danube-source-mqtt \\d+\\.\\d+\\.\\d+\\S*\\R+commit ([0-9a-f]{40}|unknown)");
  }

  @Test
  void javaOptsReplaceTheDefaultFlags() throws Exception {
    Result result = run(Map.of("JAVA_OPTS", "-Xmx64m -XX:+PrintFlagsFinal"), "--version");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .containsPattern("MaxHeapSize += 67108864 ")
        .containsPattern("ExitOnOutOfMemoryError += false ");
  }

  @Test
  void theImageEntrypointRunsWithJvmOptionsAndHonoursJavaOpts() throws Exception {
    // The Dockerfile's ENTRYPOINT (exec form, through /bin/sh) with the image's paths pointed at
    // the repository's files: what `docker run IMAGE --version` executes.
    List<String> entrypoint = new ArrayList<>();
    for (String arg : DeploymentFiles.entrypointArgs()) {
      entrypoint.add(
          arg.replace(
                  "/app/jvm.options",
                  DeploymentFiles.root().resolve(DeploymentFiles.JVM_OPTIONS).toString())
              .replace("/app/danube-source-mqtt.jar", JAR.toString())
              .replace("exec java ", "exec \"$JAVA\" "));
    }
    entrypoint.add("--version");

    Result defaults = exec(entrypoint, Map.of("JDK_JAVA_OPTIONS", "-XX:+PrintFlagsFinal"));
    Result replaced = exec(entrypoint, Map.of("JAVA_OPTS", "-Xmx64m -XX:+PrintFlagsFinal"));

    assertThat(defaults.exitCode()).as(defaults.output()).isZero();
    assertThat(defaults.output())
        .containsPattern("ExitOnOutOfMemoryError += true ")
        .containsPattern("MaxDirectMemorySize += 67108864 ")
        .containsPattern("danube-source-mqtt \\S+\\R+commit ");
    assertThat(replaced.exitCode()).as(replaced.output()).isZero();
    assertThat(replaced.output()).containsPattern("MaxHeapSize += 67108864 ");
  }

  record Result(int exitCode, String output) {}

  /** Runs the launcher with only PATH, the test's java and {@code env} in its environment. */
  static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(List.of(args));
    return exec(command, env);
  }

  static Result exec(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
    environment.clear();
    environment.put("PATH", path);
    environment.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    environment.putAll(env);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
