/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Locale;

/** The {@code schema_type} of a {@code [[schemas]]} entry: Danube schema registry types. */
public enum SchemaType {
  /** JSON Schema; needs {@code schema_file}. Upstream's {@code json} is accepted as well. */
  JSON_SCHEMA,
  /** UTF-8 text. */
  STRING,
  /** A JSON number. */
  NUMBER,
  /** Any bytes. */
  BYTES;

  /** Whether the type is defined by a schema file (only JSON Schema). */
  public boolean needsFile() {
    return this == JSON_SCHEMA;
  }

  /** {@code json_schema}, {@code string}, {@code number} or {@code bytes}, as configured. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
