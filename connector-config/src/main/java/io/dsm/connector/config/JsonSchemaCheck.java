/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import io.dsm.connector.routing.Quote;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a schema file is a JSON Schema before anything is registered: valid JSON, an object
 * (or {@code true}/{@code false}), a known dialect, and valid against its dialect's meta-schema.
 *
 * <p>Only the schema itself is checked; its {@code $ref}s are not followed, so nothing is fetched
 * over the network. The meta-schemas ship inside the validator library. Without {@code $schema} the
 * schema is checked as draft 2020-12.
 */
public final class JsonSchemaCheck {
  private JsonSchemaCheck() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Dialect> DIALECTS =
      Map.of(
          normalise(Dialects.getDraft4().getId()), Dialects.getDraft4(),
          normalise(Dialects.getDraft6().getId()), Dialects.getDraft6(),
          normalise(Dialects.getDraft7().getId()), Dialects.getDraft7(),
          normalise(Dialects.getDraft201909().getId()), Dialects.getDraft201909(),
          normalise(Dialects.getDraft202012().getId()), Dialects.getDraft202012());

  /** How many meta-schema violations a message lists. */
  private static final int SHOWN = 3;

  /** Why {@code text} is not a usable JSON Schema, or empty. The reason follows the file name. */
  static Optional<String> problem(String text) {
    JsonNode schema;
    try {
      schema = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return Optional.of("is not valid JSON" + where + ": " + e.getOriginalMessage());
    }
    if (schema == null || schema.isMissingNode()) {
      return Optional.of("is empty; a JSON Schema is a JSON object");
    }
    if (schema.isBoolean()) {
      return Optional.empty();
    }
    if (!schema.isObject()) {
      return Optional.of(
          "is not a JSON object; a JSON Schema is an object such as {\"type\": ...}");
    }
    Dialect dialect = Dialects.getDraft202012();
    JsonNode declared = schema.get("$schema");
    if (declared != null) {
      dialect = declared.isTextual() ? DIALECTS.get(normalise(declared.textValue())) : null;
      if (dialect == null) {
        return Optional.of(
            "declares the $schema "
                + Quote.quoted(declared.asText())
                + ", which is not a JSON Schema dialect this connector knows (draft-04, -06, -07,"
                + " 2019-09 or 2020-12)");
      }
    }
    Schema meta = SchemaRegistry.withDialect(dialect).getSchema(SchemaLocation.of(dialect.getId()));
    return violations(meta, schema, "is not a valid JSON Schema: ");
  }

  /**
   * Why {@code value} is not valid against {@code schema}: {@code lead} followed by the first few
   * violations ({@code ; and N more} when there are more); empty when it is valid. Shared by this
   * check (a schema against its meta-schema) and the connector's payload check.
   */
  public static Optional<String> violations(Schema schema, JsonNode value, String lead) {
    List<Error> errors =
        schema.validate(
            value, context -> context.executionConfig(config -> config.locale(Locale.ROOT)));
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder reason = new StringBuilder(lead);
    for (int i = 0; i < Math.min(SHOWN, errors.size()); i++) {
      if (i > 0) {
        reason.append("; ");
      }
      reason.append(errors.get(i).toString());
    }
    if (errors.size() > SHOWN) {
      reason.append("; and ").append(errors.size() - SHOWN).append(" more");
    }
    return Optional.of(reason.toString());
  }

  // "http://json-schema.org/draft-07/schema#" and ".../schema" name the same dialect.
  private static String normalise(String id) {
    String value = id.trim();
    if (value.endsWith("#")) {
      value = value.substring(0, value.length() - 1);
    }
    return value.replaceFirst("^https?://", "");
  }
}
