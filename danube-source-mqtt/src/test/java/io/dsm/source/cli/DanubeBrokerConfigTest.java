/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/danube/danube_broker.yml has the structure Danube v0.15.1 reads. No Danube runs here, so
 * the structure of its configuration structs is encoded below (read from the broker's source at the
 * v0.15.1 tag: {@code LoadConfiguration}, {@code BrokerConfig}, {@code BrokerPorts}, {@code
 * MetaStoreConfig} in service_configuration.rs, {@code StorageConfig} in storage_configuration.rs,
 * {@code AuthConfig} in security/config.rs, {@code Policies}, {@code DispatchConfig}). Danube fails
 * to start on a missing required key and silently ignores an unknown one; both are errors here,
 * because an ignored key (such as the old {@code wal_cloud}) misleads whoever reads the file.
 */
class DanubeBrokerConfigTest {
  /** The image tag the structure below was read from; the compose file must run this version. */
  static final String DANUBE_VERSION = "v0.15.1";

  static final Node PORT =
      Node.scalar("port", v -> v.isInt() && v.asInt() > 0 && v.asInt() < 65536);
  static final Node TEXT = Node.scalar("string", JsonNode::isTextual);
  static final Node BOOL = Node.scalar("boolean", JsonNode::isBoolean);
  static final Node COUNT =
      Node.scalar("non-negative integer", v -> v.isIntegralNumber() && v.asLong() >= 0);
  static final Node TEXTS = Node.list(TEXT);

  static final Node RETENTION =
      Node.object()
          .optional("time_minutes", COUNT)
          .optional("size_mb", COUNT)
          .optional("check_interval_minutes", COUNT);
  static final Node ROTATION =
      Node.object().optional("max_bytes", COUNT).optional("max_hours", COUNT);
  static final Node FILE_SYNC =
      Node.object().optional("interval_ms", COUNT).optional("max_batch_bytes", COUNT);
  static final Node WAL =
      Node.object()
          .optional("dir", TEXT)
          .optional("file_name", TEXT)
          .optional("rotation", ROTATION)
          .optional(
              "advanced",
              Node.object()
                  .optional("cache_capacity", COUNT)
                  .optional("file_sync", FILE_SYNC)
                  .optional("rotation", ROTATION))
          .optional("cache_capacity", COUNT)
          .optional("file_sync", FILE_SYNC)
          .optional("retention", RETENTION);

  /** The union of the keys of the three storage modes; {@code mode} selects the variant. */
  static final Node STORAGE =
      Node.object()
          .required("mode", Node.oneOf("local", "shared_fs", "object_store"))
          .optional("local_wal_root", TEXT)
          .optional("root", TEXT) // alias of local_wal_root (local), legacy root (shared_fs)
          .optional("cache_root", TEXT)
          .optional("metadata_prefix", TEXT)
          .optional("metadata_root", TEXT)
          .optional("durable", Node.ANY)
          .optional("object_store", Node.ANY)
          .optional("local_retention", RETENTION)
          .optional("wal", WAL)
          .optional("write_buffer", Node.ANY);

  static final Node SCHEMA =
      Node.object()
          .required("cluster_name", TEXT)
          .required(
              "broker",
              Node.object()
                  .required("host", TEXT)
                  .required(
                      "ports",
                      Node.object()
                          .required("client", PORT)
                          .required("admin", PORT)
                          .required("raft", PORT)
                          .optional("prometheus", PORT))
                  .optional(
                      "advertised_listeners",
                      Node.object().required("broker_url", TEXT).required("connect_url", TEXT)))
          .required(
              "meta_store", Node.object().required("data_dir", TEXT).optional("seed_nodes", TEXTS))
          .required("bootstrap_namespaces", TEXTS)
          .optional("auto_create_topics", BOOL)
          .required(
              "policies",
              Node.object()
                  .optional("max_producers_per_topic", COUNT)
                  .optional("max_subscriptions_per_topic", COUNT)
                  .optional("max_consumers_per_topic", COUNT)
                  .optional("max_consumers_per_subscription", COUNT)
                  .optional("max_publish_rate", COUNT)
                  .optional("max_subscription_dispatch_rate", COUNT)
                  .optional("max_message_size", COUNT))
          .required("storage", STORAGE)
          .required(
              "auth",
              Node.object()
                  .optional("mode", Node.oneOf("none", "tls"))
                  .optional(
                      "tls",
                      Node.object()
                          .required("cert_file", TEXT)
                          .required("key_file", TEXT)
                          .required("ca_file", TEXT))
                  .optional(
                      "jwt",
                      Node.object()
                          .required("secret_key", TEXT)
                          .required("issuer", TEXT)
                          .required("expiration_time", COUNT))
                  .optional("super_admins", TEXTS))
          .optional("admin_tls", BOOL)
          .optional("load_manager", Node.ANY)
          .optional(
              "dispatch",
              Node.object()
                  .optional(
                      "max_unacked_messages",
                      Node.scalar(
                          "1..10000", v -> v.isInt() && v.asInt() >= 1 && v.asInt() <= 10000)));

  @Test
  void ourBrokerConfigHasTheV0151Structure() throws Exception {
    JsonNode config = DeploymentFiles.yaml("deploy/danube/danube_broker.yml");

    assertThat(problems(config)).isEmpty();
    // Local storage needs its WAL directory (the variant's one required key).
    assertThat(config.path("storage").path("mode").asText()).isEqualTo("local");
    assertThat(config.path("storage").path("local_wal_root").asText()).startsWith("/danube-data/");
    assertThat(config.path("meta_store").path("data_dir").asText()).startsWith("/danube-data/");
  }

  @Test
  void theCheckRejectsTheOldLayoutAndUnknownKeys() throws Exception {
    JsonNode old =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                """
                cluster_name: "x"
                broker_host: "0.0.0.0"
                broker_port: 6650
                meta_store_host: "etcd"
                bootstrap_namespaces: ["default"]
                wal_cloud: {wal: {dir: "/d"}}
                auth: {mode: none}
                policies: {max_dispatch_rate: 0}
                """);

    assertThat(problems(old))
        .contains(
            "broker: required by Danube v0.15.1, missing",
            "meta_store: required by Danube v0.15.1, missing",
            "storage: required by Danube v0.15.1, missing",
            "broker_host: not a key of Danube v0.15.1",
            "wal_cloud: not a key of Danube v0.15.1",
            "policies.max_dispatch_rate: not a key of Danube v0.15.1");
  }

  @Test
  void composeRunsThatVersionWithTheFlagsItUnderstandsAndOurPorts() throws Exception {
    JsonNode broker = DeploymentFiles.compose().path("services").path("danube-broker");
    JsonNode config = DeploymentFiles.yaml("deploy/danube/danube_broker.yml");
    JsonNode ports = config.path("broker").path("ports");
    Map<String, String> flags = flags(broker.path("command"));

    assertThat(broker.path("image").asText())
        .isEqualTo("ghcr.io/danube-messaging/danube-broker:" + DANUBE_VERSION);
    // The flags of the v0.15.1 argument parser (args_parse.rs); anything else stops the broker.
    assertThat(flags.keySet())
        .isSubsetOf(
            "--config-file",
            "--mode",
            "--broker-addr",
            "--admin-addr",
            "--prom-exporter",
            "--advertised-addr",
            "--connect-url",
            "--raft-addr",
            "--data-dir",
            "--seed-nodes",
            "--join",
            "--edge-config",
            "--edge-token")
        .contains("--config-file", "--raft-addr", "--advertised-addr");
    assertThat(port(flags.get("--broker-addr"))).isEqualTo(ports.path("client").asInt());
    assertThat(port(flags.get("--admin-addr"))).isEqualTo(ports.path("admin").asInt());
    assertThat(port(flags.get("--raft-addr"))).isEqualTo(ports.path("raft").asInt());
    assertThat(port(flags.get("--prom-exporter"))).isEqualTo(ports.path("prometheus").asInt());
    assertThat(flags.get("--advertised-addr"))
        .isEqualTo("danube-broker:" + ports.path("client").asInt());
    assertThat(DeploymentFilesTest.stream(broker.path("volumes")))
        .contains("./danube/danube_broker.yml:" + flags.get("--config-file") + ":ro");
    // Metadata lives in Danube's own Raft store now.
    assertThat(DeploymentFiles.compose().path("services").has("etcd")).isFalse();
  }

  // ---- the structure check ----

  static List<String> problems(JsonNode config) {
    List<String> problems = new ArrayList<>();
    SCHEMA.check("", config, problems);
    return problems;
  }

  static Map<String, String> flags(JsonNode command) {
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> args = DeploymentFilesTest.stream(command);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      assertThat(arg).as("argument %d of the broker command", i).startsWith("--");
      boolean hasValue = !arg.equals("--join");
      flags.put(arg, hasValue ? args.get(++i) : "");
    }
    return flags;
  }

  static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** A node of the expected YAML structure. */
  interface Node {
    Node ANY = (path, value, problems) -> {};

    void check(String path, JsonNode value, List<String> problems);

    static Node scalar(String what, java.util.function.Predicate<JsonNode> valid) {
      return (path, value, problems) -> {
        if (!valid.test(value)) {
          problems.add(path + ": expected a " + what + ", found " + value);
        }
      };
    }

    static Node oneOf(String... values) {
      Set<String> allowed = Set.of(values);
      return (path, value, problems) -> {
        if (!value.isTextual() || !allowed.contains(value.asText())) {
          problems.add(path + ": expected one of " + List.of(values) + ", found " + value);
        }
      };
    }

    static Node list(Node element) {
      return (path, value, problems) -> {
        if (!value.isArray()) {
          problems.add(path + ": expected a list, found " + value);
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          element.check(path + "[" + i + "]", value.get(i), problems);
        }
      };
    }

    static ObjectNode object() {
      return new ObjectNode();
    }
  }

  /** A mapping with required and optional keys; any other key is a problem. */
  static final class ObjectNode implements Node {
    private final Map<String, Node> keys = new LinkedHashMap<>();
    private final Set<String> required = new java.util.HashSet<>();

    ObjectNode required(String key, Node node) {
      keys.put(key, node);
      required.add(key);
      return this;
    }

    ObjectNode optional(String key, Node node) {
      keys.put(key, node);
      return this;
    }

    @Override
    public void check(String path, JsonNode value, List<String> problems) {
      if (!value.isObject()) {
        problems.add(path + ": expected a mapping, found " + value);
        return;
      }
      String prefix = path.isEmpty() ? "" : path + ".";
      for (String key : keys.keySet()) {
        if (required.contains(key) && !value.has(key)) {
          problems.add(prefix + key + ": required by Danube " + DANUBE_VERSION + ", missing");
        }
      }
      value
          .fieldNames()
          .forEachRemaining(
              key -> {
                Node node = keys.get(key);
                if (node == null) {
                  problems.add(prefix + key + ": not a key of Danube " + DANUBE_VERSION);
                } else {
                  node.check(prefix + key, value.get(key), problems);
                }
              });
    }
  }
}
