/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.dsm.connector.config.JsonSchemaCheck;
import io.dsm.connector.config.SchemaType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks a payload against the schema type of its topic, before it is sent: JSON Schema (the
 * payload is JSON and valid against the schema), {@code string} (valid UTF-8), {@code number} (one
 * JSON number, such as {@code 21.5} or {@code -3e2}, surrounding whitespace allowed) and {@code
 * bytes} (anything). The payload is only read, never changed. Immutable and thread-safe.
 */
public final class PayloadCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaType type;
  private final Schema schema;

  private PayloadCheck(SchemaType type, Schema schema) {
    this.type = type;
    this.schema = schema;
  }

  /**
   * The check of {@code type}; {@code definition} is the JSON Schema text for {@link
   * SchemaType#JSON_SCHEMA} (already checked when the configuration was loaded).
   *
   * @throws IllegalArgumentException if the JSON Schema cannot be compiled
   */
  public static PayloadCheck of(SchemaType type, String definition) {
    if (type != SchemaType.JSON_SCHEMA) {
      return new PayloadCheck(type, null);
    }
    try {
      JsonNode node = JSON.readTree(definition);
      Schema compiled =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
      compiled.initializeValidators();
      return new PayloadCheck(type, compiled);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("cannot compile the JSON Schema: " + e.getMessage(), e);
    }
  }

  /** Why {@code payload} does not match, in one line, or empty when it does. */
  public Optional<String> problem(byte[] payload) {
    switch (type) {
      case STRING:
        return utf8Problem(payload);
      case NUMBER:
        return numberProblem(payload);
      case JSON_SCHEMA:
        return jsonProblem(payload);
      default:
        return Optional.empty();
    }
  }

  private static Optional<String> utf8Problem(byte[] payload) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload));
      return Optional.empty();
    } catch (CharacterCodingException e) {
      return Optional.of("not valid UTF-8");
    }
  }

  private static Optional<String> numberProblem(byte[] payload) {
    try (JsonParser p = JSON.getFactory().createParser(payload)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return Optional.of("empty; expected a JSON number");
      }
      if (first != JsonToken.VALUE_NUMBER_INT && first != JsonToken.VALUE_NUMBER_FLOAT) {
        return Optional.of("not a JSON number");
      }
      if (p.nextToken() != null) {
        return Optional.of("more than one JSON number");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("not a JSON number");
    }
  }

  private Optional<String> jsonProblem(byte[] payload) {
    JsonNode node;
    try {
      node = JSON.readTree(payload);
    } catch (IOException e) {
      return Optional.of(
          "not valid JSON: "
              + oneLine(
                  e instanceof JsonProcessingException j
                      ? j.getOriginalMessage()
                      : e.getMessage()));
    }
    if (node == null || node.isMissingNode()) {
      return Optional.of("empty; expected JSON");
    }
    return JsonSchemaCheck.violations(schema, node, "does not match the JSON Schema: ")
        .map(PayloadCheck::oneLine);
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ");
  }
}
