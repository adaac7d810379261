/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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

  /** How start-up errors and check lines name the subject. */
  public String describeSubject() {
    return "schema subject '" + subject + "' of Danube topic " + topic;
  }

  /**
   * Why the connector cannot use this subject as the registry holds it, given the schema type of
   * its latest version (empty: nothing registered); empty when it can. With {@code auto_register}
   * the start registers the configured schema, so nothing registered is a problem only without it.
   * One rule for the connector's start and for {@code check --connect}.
   */
  public Optional<String> problemWithRegistered(Optional<String> latestType) {
    if (latestType.isEmpty()) {
      return autoRegister
          ? Optional.empty()
          : Optional.of(
              describeSubject()
                  + " is not registered in Danube's schema registry and auto_register is false;"
                  + " register it first or set auto_register = true");
    }
    if (autoRegister || sameType(latestType.get(), type.configName())) {
      return Optional.empty();
    }
    return Optional.of(
        describeSubject()
            + " is registered with schema_type "
            + latestType.get()
            + ", but the configuration says "
            + type.configName());
  }

  /** Danube reports JSON Schema as {@code json} in places; anything else must match exactly. */
  private static boolean sameType(String registered, String configured) {
    String r = registered == null ? "" : registered.toLowerCase(Locale.ROOT);
    return r.equals(configured) || (configured.equals("json_schema") && r.equals("json"));
  }
}
