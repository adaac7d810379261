/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** JSON text for attribute values, written by Jackson (correct escaping, one place). */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code [["name","value"], ...]} in order. */
  static String pairs(List<Map.Entry<String, String>> pairs) {
    try {
      return MAPPER.writeValueAsString(
          pairs.stream().map(e -> List.of(e.getKey(), e.getValue())).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
