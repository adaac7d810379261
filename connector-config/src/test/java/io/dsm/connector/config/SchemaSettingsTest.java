/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one rule the connector's start and check --connect apply to a subject in the registry. */
class SchemaSettingsTest {

  private static SchemaSettings schema(SchemaType type, boolean autoRegister) {
    return new SchemaSettings(
        "/iot/t",
        "s-v1",
        type,
        null,
        "",
        autoRegister,
        VersionStrategy.LATEST,
        ValidationPolicy.NONE);
  }

  @Test
  void aMissingSubjectIsAProblemOnlyWithoutAutoRegister() {
    assertThat(schema(SchemaType.STRING, false).problemWithRegistered(Optional.empty()))
        .hasValue(
            "schema subject 's-v1' of Danube topic /iot/t is not registered in Danube's schema"
                + " registry and auto_register is false; register it first or set"
                + " auto_register = true");
    assertThat(schema(SchemaType.STRING, true).problemWithRegistered(Optional.empty())).isEmpty();
  }

  @Test
  void aRegisteredSubjectMustHaveTheConfiguredTypeJsonCountingAsJsonSchema() {
    assertThat(schema(SchemaType.STRING, false).problemWithRegistered(Optional.of("String")))
        .isEmpty();
    assertThat(schema(SchemaType.JSON_SCHEMA, false).problemWithRegistered(Optional.of("json")))
        .isEmpty();
    assertThat(schema(SchemaType.STRING, false).problemWithRegistered(Optional.of("bytes")))
        .hasValue(
            "schema subject 's-v1' of Danube topic /iot/t is registered with schema_type bytes,"
                + " but the configuration says string");
  }
}
