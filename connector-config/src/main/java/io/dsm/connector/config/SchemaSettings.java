/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One validated {@code [[schemas]]} entry: the schema a Danube topic's messages are produced with.
 *
 * @param topic the Danube topic (a route target)
 * @param subject the subject in Danube's schema registry
 * @param type the schema type
 * @param schemaFile the schema file for {@link SchemaType#JSON_SCHEMA}, else {@code null}
 * @param definition the schema file's content (checked: valid JSON and a valid JSON Schema), or the
 *     empty string for types without a file; what is registered
 * @param autoRegister register the schema when the subject does not have it
 * @param versionStrategy which registered version the producers use
 * @param validationPolicy what happens to payloads that do not match
 */
public record SchemaSettings(
    String topic,
    String subject,
    SchemaType type,
    Path schemaFile,
    String definition,
    boolean autoRegister,
    VersionStrategy versionStrategy,
    ValidationPolicy validationPolicy) {
  public SchemaSettings {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(versionStrategy, "versionStrategy");
    Objects.requireNonNull(validationPolicy, "validationPolicy");
  }

  /** {@code /iot/sensors: subject sensor-v1, json_schema from sensor.json, latest, ...}. */
  public String describe() {
    return topic
        + ": subject "
        + subject
        + ", "
        + type.configName()
        + (schemaFile == null ? "" : " from " + schemaFile)
        + ", version "
        + versionStrategy
        + ", auto_register "
        + autoRegister
        + ", validation_policy "
        + validationPolicy.configName();
  }
}
