/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the repository's Dockerfile, Compose file and Kubernetes manifests for the tests. */
final class DeploymentFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern HEALTHCHECK =
      Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/\\$\\{(\\w+)}.*GET (/\\S*) HTTP");

  /** The connector's JVM flags, relative to the repository root (launcher and image). */
  static final String JVM_OPTIONS = "danube-source-mqtt/src/dist/jvm.options";

  private DeploymentFiles() {}

  static String read(String relative) throws IOException {
    return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
  }

  /** The root pom's project version. */
  static String projectVersion() throws IOException {
    Matcher m =
        Pattern.compile("<artifactId>danube-source-mqtt-parent</artifactId>\\s*<version>([^<]+)<")
            .matcher(read("pom.xml"));
    if (!m.find()) {
      throw new AssertionError("no project version in pom.xml");
    }
    return m.group(1);
  }

  /** The modules the root pom lists. */
  static List<String> reactorModules() throws IOException {
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
    while (m.find()) {
      modules.add(m.group(1));
    }
    return modules;
  }

  /** The repository root (tests run in the module directory). */
  static Path root() {
    Path module = Path.of("").toAbsolutePath();
    return module.getParent();
  }

  static JsonNode yaml(String relative) throws IOException {
    return YAML.readTree(root().resolve(relative).toFile());
  }

  static JsonNode compose() throws IOException {
    return yaml("deploy/docker-compose.yml");
  }

  static JsonNode composeConnector() throws IOException {
    return compose().path("services").path("mqtt-connector");
  }

  /** The two workload variants, relative to the repository root. */
  static final String DEPLOYMENT = "deploy/kubernetes/deployment/deployment.yaml";

  static final String STATEFULSET = "deploy/kubernetes/statefulset/statefulset.yaml";

  static JsonNode deployment() throws IOException {
    return yaml(DEPLOYMENT);
  }

  /** The pod spec of a workload manifest (Deployment or StatefulSet). */
  static JsonNode podSpec(String workload) throws IOException {
    return yaml(workload).path("spec").path("template").path("spec");
  }

  static JsonNode connectorContainer() throws IOException {
    return connectorContainer(DEPLOYMENT);
  }

  static JsonNode connectorContainer(String workload) throws IOException {
    return podSpec(workload).path("containers").get(0);
  }

  /** The probes of the Deployment's container by kind ("livenessProbe", "readinessProbe", ...). */
  static Map<String, JsonNode> probes() throws IOException {
    return probes(DEPLOYMENT);
  }

  static Map<String, JsonNode> probes(String workload) throws IOException {
    Map<String, JsonNode> probes = new LinkedHashMap<>();
    JsonNode container = connectorContainer(workload);
    for (String kind : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      if (container.has(kind)) {
        probes.put(kind, container.get(kind));
      }
    }
    return probes;
  }

  static String dockerfile() throws IOException {
    return Files.readString(root().resolve("Dockerfile"), StandardCharsets.UTF_8);
  }

  /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
  static List<String> dockerInstructions() throws IOException {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile().split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        current.append(trimmed);
        if (current.length() > 0) {
          instructions.add(current.toString());
        }
        current.setLength(0);
      }
    }
    return instructions;
  }

  /** ENV of the final stage, as name to value. */
  static Map<String, String> dockerEnv() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String instruction : finalStage()) {
      if (instruction.startsWith("ENV ")) {
        for (String pair : instruction.substring(4).trim().split("\\s+")) {
          int eq = pair.indexOf('=');
          env.put(pair.substring(0, eq), pair.substring(eq + 1).replace("\"", ""));
        }
      }
    }
    return env;
  }

  /** The Dockerfile's comment lines, joined. */
  static String dockerfileComments() throws IOException {
    StringBuilder comments = new StringBuilder();
    for (String line : dockerfile().split("\n")) {
      if (line.strip().startsWith("#")) {
        comments.append(line.strip()).append('\n');
      }
    }
    return comments.toString();
  }

  /** The instructions of the first stage (FROM ... AS build), up to the next FROM. */
  static List<String> buildStage() throws IOException {
    List<String> all = dockerInstructions();
    int first = -1;
    int next = all.size();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).startsWith("FROM ")) {
        if (first < 0) {
          first = i;
        } else {
          next = i;
          break;
        }
      }
    }
    return all.subList(first, next);
  }

  /** The ENTRYPOINT of the final stage, its exec-form arguments joined by spaces. */
  static String entrypoint() throws IOException {
    return String.join(" ", entrypointArgs());
  }

  /** The ENTRYPOINT of the final stage as its exec-form argument list. */
  static List<String> entrypointArgs() throws IOException {
    String instruction =
        finalStage().stream()
            .filter(i -> i.startsWith("ENTRYPOINT "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the Dockerfile has no ENTRYPOINT"));
    List<String> args = new ArrayList<>();
    new ObjectMapper()
        .readTree(instruction.substring("ENTRYPOINT ".length()))
        .forEach(a -> args.add(a.asText()));
    return args;
  }

  /** The instructions after the last FROM. */
  static List<String> finalStage() throws IOException {
    List<String> all = dockerInstructions();
    int last = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).startsWith("FROM ")) {
        last = i;
      }
    }
    return all.subList(last, all.size());
  }

  /**
   * The HEALTHCHECK's port variable and path.
   *
   * @return {variable, path}
   */
  static String[] healthcheck() throws IOException {
    String instruction =
        finalStage().stream()
            .filter(i -> i.startsWith("HEALTHCHECK "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the Dockerfile has no HEALTHCHECK"));
    Matcher m = HEALTHCHECK.matcher(instruction);
    if (!m.find()) {
      throw new AssertionError("HEALTHCHECK not understood: " + instruction);
    }
    return new String[] {m.group(1), m.group(2)};
  }
}
