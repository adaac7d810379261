/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static io.dsm.connector.config.ConfigLoaderTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.routing.RoutingKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dynamic routes, dead-letter topics and {@code [[schemas]]} in the TOML file. */
class TomlRoutesAndSchemasTest {
  static final String HEAD =
      String.join(
          "\n",
          "connector_name = \"c\"", // 1
          "danube_service_url = \"http://d:6650\"", // 2
          "[mqtt]", // 3
          "host = \"h\"", // 4
          "client_id = \"x\"", // 5
          "dead_letter_topic = \"/iot/dead\"", // 6
          "[[mqtt.routes]]", // 7
          "from = \"plants/+/lines/+/#\"", // 8
          "to = \"/iot/plant_$1\"", // 9
          "extract_attributes = { plant = \"$1\", line = \"$2\" }", // 10
          "routing_key = \"$2\"", // 11
          "[[mqtt.routes]]", // 12
          "from = \"alarms/#\"", // 13
          "to = \"/iot/alarms\"", // 14
          "dead_letter_topic = \"/iot/alarms_dead\"", // 15
          "");

  @TempDir Path dir;
  Path schema;

  @BeforeEach
  void schemaFile() throws IOException {
    schema =
        Files.writeString(
            dir.resolve("alarm.json"),
            "{\"type\": \"object\", \"required\": [\"level\"]}",
            StandardCharsets.UTF_8);
  }

  private Map<String, String> env(String text) throws IOException {
    Path file = Files.writeString(dir.resolve("connector.toml"), text, StandardCharsets.UTF_8);
    return Map.of("CONNECTOR_CONFIG_PATH", file.toString());
  }

  private LoadedConfig load(String text) throws Exception {
    return ConfigLoader.load(EnvSource.of(env(text)), Map.of());
  }

  @Test
  void dynamicRoutesAndDeadLetterTopicsAreRead() throws Exception {
    LoadedConfig config = load(HEAD);
    List<RouteSettings> routes = config.settings().routes();

    assertThat(routes.get(0))
        .isEqualTo(
            new RouteSettings(
                "plants/+/lines/+/#",
                "/iot/plant_$1",
                1,
                0,
                true,
                null,
                "/iot/dead",
                Map.of("plant", "$1", "line", "$2"),
                RoutingKey.parse("$2")));
    assertThat(routes.get(0).extractAttributes().keySet()).containsExactly("plant", "line");
    assertThat(routes.get(0).dynamicTarget()).isTrue();
    assertThat(routes.get(1).deadLetterTopic()).isEqualTo("/iot/alarms_dead");
    assertThat(routes.get(0).template().resolve("plants/p7/lines/3/temp").danubeTopic())
        .isEqualTo("/iot/plant_p7");
    assertThat(config.effective().routes().get(0).describe())
        .isEqualTo(
            "plants/+/lines/+/# -> /iot/plant_$1 (qos 1, partitions 0, reliable_dispatch true,"
                + " dead_letter_topic /iot/dead, extract_attributes {plant = \"$1\", line ="
                + " \"$2\"}, routing_key $2)");
  }

  @Test
  void theSharedGroupSettingAppliesToFileRoutes() throws Exception {
    LoadedConfig config =
        load(HEAD.replace("dead_letter_topic = \"/iot/dead\"", "shared_group = \"r\""));
    assertThat(config.settings().routes())
        .extracting(r -> r.subscription().text())
        .containsExactly("$share/r/plants/+/lines/+/#", "$share/r/alarms/#");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // replace | with | expected problem
        "to = \"/iot/plant_$1\" | to = \"/iot/plant_$4\" | mqtt.routes[0].to (connector.toml:9):"
            + " \"/iot/plant_$4\" uses $4 but the filter \"plants/+/lines/+/#\" has only 3"
            + " wildcards",
        "to = \"/iot/plant_$1\" | to = \"/iot/plant/$1\" | mqtt.routes[0].to (connector.toml:9):"
            + " \"/iot/plant/$1\" never renders a Danube topic: with its captures filled in it reads"
            + " \"/iot/plant/x\", not /namespace/topic",
        "to = \"/iot/plant_$1\" | to = \"/iot/plant.$1\" | mqtt.routes[0].to (connector.toml:9):"
            + " \"/iot/plant.$1\" has \".\", which Danube topic names do not allow; use letters,"
            + " digits, '_' or '-'",
        "routing_key = \"$2\" | routing_key = \"$5\" | mqtt.routes[0].routing_key"
            + " (connector.toml:11): \"$5\" uses $5 but the filter \"plants/+/lines/+/#\" has only 3"
            + " wildcards",
        "routing_key = \"$2\" | routing_key = \"device\" | mqtt.routes[0].routing_key"
            + " (connector.toml:11): \"device\" is not a routing key; expected topic, none or $1 to"
            + " $9",
        "line = \"$2\" | line = \"$7\" | mqtt.routes[0].extract_attributes.line"
            + " (connector.toml:10): \"$7\" uses $7 but the filter \"plants/+/lines/+/#\" has only 3"
            + " wildcards",
        "line = \"$2\" | line = 2 | mqtt.routes[0].extract_attributes.line (connector.toml:10): has"
            + " the wrong type: 2 is an integer; expected a quoted string such as \"$1\"",
        "line = \"$2\" | \"mqtt.topic\" = \"$2\" | mqtt.routes[0].extract_attributes.mqtt.topic"
            + " (connector.toml:10): is not a usable attribute name; 'source' and names starting"
            + " with 'mqtt.' or 'dlq.' belong to the connector",
        "extract_attributes = { plant = \"$1\", line = \"$2\" } | extract_attributes = \"$1\" |"
            + " mqtt.routes[0].extract_attributes (connector.toml:10): has the wrong type: it is a"
            + " string; expected a table of attribute name to value, such as { plant = \"$1\" }",
        "dead_letter_topic = \"/iot/alarms_dead\" | dead_letter_topic = \"/iot/alarms\" |"
            + " mqtt.routes[1].dead_letter_topic (connector.toml:15): /iot/alarms is also the target"
            + " of mqtt.routes[1]; undeliverable messages would mix with the data, pick a topic of"
            + " its own",
        "dead_letter_topic = \"/iot/dead\" | dead_letter_topic = \"iot\" | mqtt.dead_letter_topic"
            + " (connector.toml:6): \"iot\" is not a Danube topic; expected /namespace/topic using"
            + " letters, digits, '_' or '-'",
        "from = \"alarms/#\" | from = \"$share//alarms/#\" | mqtt.routes[1].from"
            + " (connector.toml:13): \"$share//alarms/#\" is not a valid MQTT topic filter; the"
            + " shared subscription group is empty",
      })
  void reportsRouteProblemsWithTheirLine(String replace, String with, String expected)
      throws Exception {
    assertThat(problemsOf(env(HEAD.replace(replace, with)), Map.of())).containsExactly(expected);
  }

  // ---- schemas ------------------------------------------------------------------------------

  private String withSchema(String entry) {
    return HEAD
        + "[[schemas]]\n"
        + entry.replace("\\n", "\n").replace("SCHEMA", schema.toString())
        + "\n";
  }

  @Test
  void schemasAreReadWithTheirDefinition() throws Exception {
    ConnectorSettings s =
        load(withSchema(
                "topic = \"/iot/alarms\"\\nsubject = \"alarm-v1\"\\nschema_type = \"json_schema\"\\n"
                    + "schema_file = \"SCHEMA\"\\nversion_strategy = { pinned = 2 }\\n"
                    + "validation_policy = \"enforce\"\\nauto_register = false"))
            .settings();
    assertThat(s.schemas())
        .containsExactly(
            new SchemaSettings(
                "/iot/alarms",
                "alarm-v1",
                SchemaType.JSON_SCHEMA,
                schema,
                "{\"type\": \"object\", \"required\": [\"level\"]}",
                false,
                VersionStrategy.pinned(2),
                ValidationPolicy.ENFORCE));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "latest          | latest",
        "{ pinned = 3 }  | pinned 3",
        "{ minimum = 1 } | minimum 1",
      })
  void versionStrategies(String written, String shown) throws Exception {
    String strategy = written.equals("latest") ? "\"latest\"" : written;
    SchemaSettings s =
        load(withSchema(
                "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"string\"\\n"
                    + "version_strategy = "
                    + strategy))
            .settings()
            .schemas()
            .get(0);
    assertThat(s.versionStrategy()).hasToString(shown);
    assertThat(s.autoRegister()).isTrue();
    assertThat(s.validationPolicy()).isEqualTo(ValidationPolicy.NONE);
  }

  @Test
  void aSchemaMayNameATopicThatATemplateRenders() throws Exception {
    assertThat(
            load(withSchema(
                    "topic = \"/iot/plant_north\"\\nsubject = \"p\"\\nschema_type = \"number\""))
                .settings()
                .schemaFor("/iot/plant_north"))
        .isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "topic = \"/iot/other\"\\nsubject = \"a\"\\nschema_type = \"string\" | schemas[0].topic"
            + " (connector.toml:17): /iot/other is not the target of any route; a schema applies to"
            + " what a route sends to its Danube topic",
        "topic = \"/iot/alarms\"\\nsubject = \"\"\\nschema_type = \"string\" | schemas[0].subject"
            + " (connector.toml:18): \"\" is blank",
        "topic = \"/iot/alarms\"\\nschema_type = \"string\" | schemas[0] (connector.toml:16): has no"
            + " 'subject'; every schema names its subject in Danube's schema registry",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"avro\" | schemas[0].schema_type"
            + " (connector.toml:19): \"avro\" is not supported by this connector; use json_schema,"
            + " string, number or bytes",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"xml\" | schemas[0].schema_type"
            + " (connector.toml:19): \"xml\" is not one of json_schema, string, number, bytes",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"json_schema\"\\nschema_file ="
            + " \"\" | schemas[0].schema_file (connector.toml:20): is empty; schema_type json_schema"
            + " needs the JSON Schema file",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"json_schema\"\\nschema_file ="
            + " \"/nope/s.json\" | schemas[0].schema_file (connector.toml:20): \"/nope/s.json\" does"
            + " not exist",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"string\"\\nversion_strategy ="
            + " { pinned = 0 } | schemas[0].version_strategy (connector.toml:20): has the version 0;"
            + " versions start at 1",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"string\"\\nversion_strategy ="
            + " \"newest\" | schemas[0].version_strategy (connector.toml:20): \"newest\" is not a"
            + " version strategy; expected \"latest\", { pinned = N } or { minimum = N }",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"string\"\\nvalidation_policy ="
            + " \"strict\" | schemas[0].validation_policy (connector.toml:20): \"strict\" is not one"
            + " of none, warn, enforce",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"string\"\\nauto_register ="
            + " \"yes\" | schemas[0].auto_register (connector.toml:20): has the wrong type: \"yes\""
            + " is a string; expected true or false, without quotes",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"string\"\\nschema_fle = \"x\" |"
            + " schemas[0].schema_fle (connector.toml:20): unknown key; did you mean"
            + " schemas[0].schema_file?",
        "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"string\"\\n[[schemas]]\\ntopic ="
            + " \"/iot/alarms\"\\nsubject = \"b\"\\nschema_type = \"bytes\" | schemas[1].topic"
            + " (connector.toml:21): /iot/alarms already has a schema in schemas[0]; a topic has one"
            + " schema",
      })
  void reportsSchemaProblems(String entry, String expected) throws Exception {
    assertThat(problemsOf(env(withSchema(entry)), Map.of())).containsExactly(expected);
  }

  @Test
  void aSchemaFileForAPrimitiveTypeIsIgnoredWithAWarning() throws Exception {
    LoadedConfig config =
        load(
            withSchema(
                "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"bytes\"\\nschema_file ="
                    + " \"SCHEMA\""));
    assertThat(config.settings().schemas().get(0).schemaFile()).isNull();
    assertThat(config.warnings())
        .containsExactly(
            "schemas[0].schema_file (connector.toml:20) is ignored: schema_type bytes has no schema"
                + " file");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\": \"object\", | is not valid JSON at line 1, column 19",
        "[1, 2] | is not a JSON object; a JSON Schema is an object such as {\"type\": ...}",
        "{\"type\": \"objekt\"} | is not a valid JSON Schema: ",
        "{\"$schema\": \"https://example.com/my-dialect\"} | declares the $schema"
            + " \"https://example.com/my-dialect\", which is not a JSON Schema dialect this"
            + " connector knows",
        "{\"$schema\": \"http://json-schema.org/draft-04/schema#\", \"minimum\": \"x\"} | is not a"
            + " valid JSON Schema: ",
      })
  void aBrokenJsonSchemaFileIsAConfigurationError(String content, String reason) throws Exception {
    Files.writeString(schema, content, StandardCharsets.UTF_8);
    List<String> problems =
        problemsOf(
            env(
                withSchema(
                    "topic = \"/iot/alarms\"\\nsubject = \"a\"\\nschema_type = \"json_schema\"\\n"
                        + "schema_file = \"SCHEMA\"")),
            Map.of());
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith(
            "schemas[0].schema_file (connector.toml:20): \"" + schema + "\" " + reason.trim());
  }

  @Test
  void validJsonSchemasOfEachKnownDialectPass() {
    for (String dialect :
        List.of(
            "http://json-schema.org/draft-04/schema#",
            "http://json-schema.org/draft-06/schema#",
            "http://json-schema.org/draft-07/schema#",
            "https://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2020-12/schema")) {
      assertThat(
              JsonSchemaCheck.problem(
                  "{\"$schema\": \""
                      + dialect
                      + "\", \"type\": \"object\", \"properties\":"
                      + " {\"v\": {\"type\": \"number\", \"minimum\": 0}}}"))
          .as(dialect)
          .isEmpty();
    }
    assertThat(JsonSchemaCheck.problem("true")).isEmpty();
    assertThat(JsonSchemaCheck.problem("{\"$ref\": \"https://example.com/not-fetched.json\"}"))
        .isEmpty();
  }
}
