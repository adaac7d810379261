/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON payload against the common JSON Schema keywords, for Danube's payload validation:
 * {@code type}, {@code enum}, {@code const}, {@code required}, {@code properties}, {@code
 * additionalProperties}, {@code items}, {@code minimum}, {@code maximum}, {@code minLength}, {@code
 * maxLength}, {@code minItems} and {@code maxItems}. Other keywords are not checked (Danube uses a
 * complete validator); error texts follow the style of Danube's validator but are not guaranteed to
 * match it word for word.
 */
final class JsonInstanceCheck {
  private JsonInstanceCheck() {}

  static List<String> errors(JsonNode schema, JsonNode instance) {
    List<String> out = new ArrayList<>();
    check(schema, instance, out);
    return out;
  }

  private static void check(JsonNode schema, JsonNode instance, List<String> out) {
    if (schema == null || !schema.isObject()) {
      if (schema != null && schema.isBoolean() && !schema.asBoolean()) {
        out.add("False schema does not allow " + instance);
      }
      return;
    }
    JsonNode type = schema.get("type");
    if (type != null && !typeMatches(type, instance)) {
      out.add(instance + " is not of type " + typeText(type));
      return;
    }
    JsonNode allowed = schema.get("enum");
    if (allowed != null && allowed.isArray() && !contains(allowed, instance)) {
      out.add(instance + " is not one of " + allowed);
    }
    JsonNode constant = schema.get("const");
    if (constant != null && !numericEquals(constant, instance)) {
      out.add(constant + " was expected");
    }
    if (instance.isObject()) {
      checkObject(schema, instance, out);
    } else if (instance.isArray()) {
      checkArray(schema, instance, out);
    } else if (instance.isNumber()) {
      JsonNode min = schema.get("minimum");
      if (min != null
          && min.isNumber()
          && instance.decimalValue().compareTo(min.decimalValue()) < 0) {
        out.add(instance + " is less than the minimum of " + min);
      }
      JsonNode max = schema.get("maximum");
      if (max != null
          && max.isNumber()
          && instance.decimalValue().compareTo(max.decimalValue()) > 0) {
        out.add(instance + " is greater than the maximum of " + max);
      }
    } else if (instance.isTextual()) {
      int length = instance.asText().codePointCount(0, instance.asText().length());
      JsonNode minLength = schema.get("minLength");
      if (minLength != null && minLength.canConvertToInt() && length < minLength.asInt()) {
        out.add(
            instance
                + " is shorter than "
                + minLength.asInt()
                + " character"
                + plural(minLength.asInt()));
      }
      JsonNode maxLength = schema.get("maxLength");
      if (maxLength != null && maxLength.canConvertToInt() && length > maxLength.asInt()) {
        out.add(
            instance
                + " is longer than "
                + maxLength.asInt()
                + " character"
                + plural(maxLength.asInt()));
      }
    }
  }

  private static void checkObject(JsonNode schema, JsonNode instance, List<String> out) {
    JsonNode required = schema.get("required");
    if (required != null && required.isArray()) {
      for (JsonNode name : required) {
        if (name.isTextual() && !instance.has(name.asText())) {
          out.add("\"" + name.asText() + "\" is a required property");
        }
      }
    }
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : instance.properties()) {
      JsonNode propertySchema = properties == null ? null : properties.get(field.getKey());
      if (propertySchema != null) {
        check(propertySchema, field.getValue(), out);
      } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
        unexpected.add("'" + field.getKey() + "'");
      } else if (additional != null && additional.isObject()) {
        check(additional, field.getValue(), out);
      }
    }
    if (!unexpected.isEmpty()) {
      out.add(
          "Additional properties are not allowed ("
              + String.join(", ", unexpected)
              + (unexpected.size() == 1 ? " was" : " were")
              + " unexpected)");
    }
  }

  private static void checkArray(JsonNode schema, JsonNode instance, List<String> out) {
    JsonNode items = schema.get("items");
    if (items != null && items.isObject()) {
      for (JsonNode element : instance) {
        check(items, element, out);
      }
    }
    JsonNode minItems = schema.get("minItems");
    if (minItems != null && minItems.canConvertToInt() && instance.size() < minItems.asInt()) {
      out.add(instance + " has less than " + minItems.asInt() + " item" + plural(minItems.asInt()));
    }
    JsonNode maxItems = schema.get("maxItems");
    if (maxItems != null && maxItems.canConvertToInt() && instance.size() > maxItems.asInt()) {
      out.add(instance + " has more than " + maxItems.asInt() + " item" + plural(maxItems.asInt()));
    }
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }

  private static boolean typeMatches(JsonNode type, JsonNode instance) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, instance)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> instance.isObject();
      case "array" -> instance.isArray();
      case "string" -> instance.isTextual();
      case "boolean" -> instance.isBoolean();
      case "null" -> instance.isNull();
      case "number" -> instance.isNumber();
      case "integer" ->
          instance.isIntegralNumber()
              || (instance.isNumber() && instance.decimalValue().stripTrailingZeros().scale() <= 0);
      default -> true;
    };
  }

  private static String typeText(JsonNode type) {
    if (!type.isArray()) {
      return "\"" + type.asText() + "\"";
    }
    List<String> names = new ArrayList<>();
    type.forEach(t -> names.add("\"" + t.asText() + "\""));
    return String.join(", ", names);
  }

  private static boolean contains(JsonNode values, JsonNode instance) {
    for (JsonNode v : values) {
      if (numericEquals(v, instance)) {
        return true;
      }
    }
    return false;
  }

  /** JSON equality with 1 and 1.0 equal, as JSON Schema requires. */
  private static boolean numericEquals(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}
