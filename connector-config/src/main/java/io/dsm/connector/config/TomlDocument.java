/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TOML configuration file, flattened to dotted paths ({@code mqtt.port}, {@code
 * mqtt.routes[1].to}) with the line of each key. Jackson's TOML reader keeps no locations, so a
 * small line scan of the text finds them.
 *
 * <p>Not thread-safe; used only while loading.
 */
final class TomlDocument {

  /** Path of the array of route tables. */
  static final String ROUTES = "mqtt.routes";

  /**
   * A raw value: a scalar as text, or an array of strings, or neither (a type we cannot use).
   *
   * @param text scalar text, or {@code null}
   * @param list array of strings, or {@code null}
   * @param source file and line
   */
  record Raw(String text, List<String> list, ValueSource source) {}

  /** Problem reading or parsing the file. */
  static final class UnreadableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    UnreadableException(String reason, int line) {
      super(reason);
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  private final String displayName;
  private final Map<String, Raw> values = new LinkedHashMap<>();
  private final Map<String, Integer> lines;
  private final List<Map<String, Raw>> routes = new ArrayList<>();
  private final List<String> structureProblems = new ArrayList<>();
  private boolean hasRoutes;

  private TomlDocument(String displayName, Map<String, Integer> lines) {
    this.displayName = displayName;
    this.lines = lines;
  }

  /** Reads and parses {@code path}; {@code displayName} is the file as the user named it. */
  static TomlDocument read(Path path, String displayName) throws UnreadableException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UnreadableException("cannot be read: " + e.getClass().getSimpleName(), 0);
    }
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      int line = location == null ? 0 : Math.max(0, location.getLineNr());
      throw new UnreadableException("is not valid TOML: " + e.getOriginalMessage(), line);
    }
    TomlDocument document = new TomlDocument(displayName, LineIndex.scan(text));
    if (root != null) {
      document.flatten("", root);
    }
    return document;
  }

  private void flatten(String prefix, JsonNode node) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (path.equals(ROUTES)) {
        readRoutes(value);
      } else if (value.isObject()) {
        flatten(path, value);
      } else {
        values.put(path, toRaw(value, sourceOf(path)));
      }
    }
  }

  private void readRoutes(JsonNode value) {
    hasRoutes = true;
    if (!value.isArray()) {
      structureProblems.add("must be an array of tables; write each route as [[mqtt.routes]]");
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode route = value.get(i);
      String routePath = ROUTES + "[" + i + "]";
      Map<String, Raw> fields = new LinkedHashMap<>();
      if (route.isObject()) {
        for (Map.Entry<String, JsonNode> field : route.properties()) {
          String path = routePath + "." + field.getKey();
          fields.put(field.getKey(), toRaw(field.getValue(), sourceOf(path)));
        }
      }
      routes.add(fields);
    }
  }

  private static Raw toRaw(JsonNode value, ValueSource source) {
    if (value.isValueNode()) {
      return new Raw(value.asText(), null, source);
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          return new Raw(null, null, source);
        }
        items.add(item.textValue());
      }
      return new Raw(null, List.copyOf(items), source);
    }
    return new Raw(null, null, source);
  }

  /** The file and line of a dotted path; the line of the enclosing table when the key has none. */
  ValueSource sourceOf(String path) {
    String probe = path;
    while (true) {
      Integer line = lines.get(probe);
      if (line != null) {
        return ValueSource.file(displayName, line);
      }
      int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
      if (cut <= 0) {
        return ValueSource.file(displayName, 0);
      }
      probe = probe.substring(0, cut);
    }
  }

  /** The scalar or array at a dotted path outside the routes. */
  Optional<Raw> get(String path) {
    return Optional.ofNullable(values.get(path));
  }

  /** All dotted paths outside the routes, in file order. */
  Iterable<String> paths() {
    return values.keySet();
  }

  /** Whether the file has {@code mqtt.routes}, even an empty or malformed one. */
  boolean hasRoutes() {
    return hasRoutes;
  }

  /** The route tables in file order, each as key to raw value. */
  List<Map<String, Raw>> routes() {
    return routes;
  }

  /** Problems with the shape of {@code mqtt.routes}. */
  List<String> routeStructureProblems() {
    return structureProblems;
  }

  String displayName() {
    return displayName;
  }

  /** Finds the line of each key and table header by scanning the text. */
  static final class LineIndex {
    private LineIndex() {}

    static Map<String, Integer> scan(String text) {
      Map<String, Integer> lines = new HashMap<>();
      Map<String, Integer> arrayCounts = new HashMap<>();
      String table = "";
      String[] rows = text.split("\r?\n", -1);
      String openMultiline = null;
      int bracketDepth = 0;
      for (int n = 0; n < rows.length; n++) {
        String row = rows[n];
        if (openMultiline != null) {
          if (row.contains(openMultiline)) {
            openMultiline = null;
          }
          continue;
        }
        if (bracketDepth > 0) {
          bracketDepth += depthChange(row);
          continue;
        }
        String line = stripComment(row).trim();
        if (line.isEmpty()) {
          continue;
        }
        if (line.startsWith("[[") && line.endsWith("]]")) {
          String name = unquoteKey(line.substring(2, line.length() - 2));
          int index = arrayCounts.merge(name, 1, Integer::sum) - 1;
          table = name + "[" + index + "]";
          lines.putIfAbsent(table, n + 1);
          continue;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
          table = unquoteKey(line.substring(1, line.length() - 1));
          lines.putIfAbsent(table, n + 1);
          continue;
        }
        int equals = line.indexOf('=');
        if (equals <= 0) {
          continue;
        }
        String key = unquoteKey(line.substring(0, equals));
        lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, n + 1);
        String value = line.substring(equals + 1).trim();
        for (String quote : new String[] {"\"\"\"", "'''"}) {
          if (value.startsWith(quote) && value.indexOf(quote, 3) < 0) {
            openMultiline = quote;
          }
        }
        if (value.startsWith("[")) {
          bracketDepth = depthChange(value);
        }
      }
      return lines;
    }

    private static String unquoteKey(String key) {
      StringBuilder out = new StringBuilder();
      for (String part : key.split("\\.", -1)) {
        String trimmed = part.trim();
        if (trimmed.length() >= 2
            && (trimmed.startsWith("\"") && trimmed.endsWith("\"")
                || trimmed.startsWith("'") && trimmed.endsWith("'"))) {
          trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(trimmed);
      }
      return out.toString();
    }

    private static String stripComment(String row) {
      char quote = 0;
      for (int i = 0; i < row.length(); i++) {
        char c = row.charAt(i);
        if (quote != 0) {
          if (c == '\\' && quote == '"') {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '#') {
          return row.substring(0, i);
        }
      }
      return row;
    }

    private static int depthChange(String row) {
      String code = stripComment(row);
      int depth = 0;
      char quote = 0;
      for (int i = 0; i < code.length(); i++) {
        char c = code.charAt(i);
        if (quote != 0) {
          if (c == '\\' && quote == '"') {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          depth++;
        } else if (c == ']') {
          depth--;
        }
      }
      return depth;
    }
  }
}
