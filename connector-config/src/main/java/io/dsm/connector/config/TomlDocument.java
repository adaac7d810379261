/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.dsm.connector.routing.Quote;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

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

  /** Path of the array of schema tables (top level, as in Danube's connectors). */
  static final String SCHEMAS = "schemas";

  /** The sink connector's routes. */
  static final String SINK_ROUTES = "sink.routes";

  private static final List<String> TABLE_ARRAYS = List.of(ROUTES, SCHEMAS, SINK_ROUTES);

  /**
   * A raw value with its TOML type.
   *
   * @param kind the TOML type
   * @param text the text of a scalar (string, integer, float, boolean), else {@code null}
   * @param list the items of an array of strings, else {@code null} (also for an array holding
   *     anything but strings)
   * @param table the entries of an inline table, else {@code null}
   * @param source file and line
   */
  record Raw(
      TomlKind kind, String text, List<String> list, Map<String, Raw> table, ValueSource source) {

    /** The value as shown in messages: quoted text, a bare number or boolean, or its type. */
    String shown() {
      if (kind == TomlKind.STRING) {
        return Quote.quoted(text);
      }
      return text != null ? text : kind.description();
    }
  }

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
  private final Map<String, List<Map<String, Raw>>> tableArrays = new HashMap<>();
  private final Map<String, List<String>> structureProblems = new HashMap<>();

  private TomlDocument(String displayName, Map<String, Integer> lines) {
    this.displayName = displayName;
    this.lines = lines;
  }

  /** Reads and parses {@code path}; {@code displayName} is the file as the user named it. */
  static TomlDocument read(Path path, String displayName) throws UnreadableException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UnreadableException("cannot be read: " + e.getClass().getSimpleName(), 0);
    }
    String text = decodeUtf8(bytes);
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      int line = location == null ? 0 : Math.max(0, location.getLineNr());
      String reason = e.getOriginalMessage();
      if (reason != null && reason.startsWith("Duplicate key")) {
        // The parser reports the line after the whole key/value pair; the scan knows the key.
        LineIndex.Duplicate duplicate = LineIndex.firstDuplicate(text);
        if (duplicate != null) {
          throw new UnreadableException(
              "is not valid TOML: the key "
                  + duplicate.path()
                  + " is set twice (first on line "
                  + duplicate.firstLine()
                  + ")",
              duplicate.line());
        }
      }
      throw new UnreadableException("is not valid TOML: " + reason, line);
    }
    TomlDocument document = new TomlDocument(displayName, LineIndex.scan(text));
    if (root != null) {
      document.flatten("", root);
    }
    return document;
  }

  /**
   * Decodes strictly: a byte sequence that is not UTF-8 is an error naming its offset and line,
   * never a silent U+FFFD.
   */
  private static String decodeUtf8(byte[] bytes) throws UnreadableException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new UnreadableException(
          "is not valid UTF-8 (byte offset " + offset + "); save it as UTF-8", line);
    }
    out.flip();
    String text = out.toString();
    // A byte order mark is allowed by neither TOML nor the parser; editors on Windows add one.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private void flatten(String prefix, JsonNode node) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (TABLE_ARRAYS.contains(path)) {
        readTableArray(path, value);
      } else if (value.isObject()) {
        flatten(path, value);
      } else {
        values.put(path, toRaw(value, path));
      }
    }
  }

  private void readTableArray(String path, JsonNode value) {
    List<Map<String, Raw>> tables = new ArrayList<>();
    tableArrays.put(path, tables);
    if (!value.isArray()) {
      structureProblems
          .computeIfAbsent(path, p -> new ArrayList<>())
          .add("must be an array of tables; write each entry as [[" + path + "]]");
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode entry = value.get(i);
      String entryPath = path + "[" + i + "]";
      Map<String, Raw> fields = new LinkedHashMap<>();
      if (entry.isObject()) {
        for (Map.Entry<String, JsonNode> field : entry.properties()) {
          fields.put(field.getKey(), toRaw(field.getValue(), entryPath + "." + field.getKey()));
        }
      } else {
        structureProblems
            .computeIfAbsent(path, p -> new ArrayList<>())
            .add("must be an array of tables; write each entry as [[" + path + "]]");
      }
      tables.add(fields);
    }
  }

  private Raw toRaw(JsonNode value, String path) {
    ValueSource source = sourceOf(path);
    if (value.isTextual()) {
      return new Raw(TomlKind.STRING, value.textValue(), null, null, source);
    }
    if (value.isBoolean()) {
      return new Raw(TomlKind.BOOLEAN, value.asText(), null, null, source);
    }
    if (value.isIntegralNumber()) {
      return new Raw(TomlKind.INTEGER, value.asText(), null, null, source);
    }
    if (value.isNumber()) {
      return new Raw(TomlKind.FLOAT, value.asText(), null, null, source);
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          return new Raw(TomlKind.ARRAY, null, null, null, source);
        }
        items.add(item.textValue());
      }
      return new Raw(TomlKind.ARRAY, null, List.copyOf(items), null, source);
    }
    if (value.isObject()) {
      Map<String, Raw> entries = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        entries.put(field.getKey(), toRaw(field.getValue(), path + "." + field.getKey()));
      }
      return new Raw(TomlKind.TABLE, null, null, Collections.unmodifiableMap(entries), source);
    }
    return new Raw(TomlKind.STRING, value.asText(), null, null, source);
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
    return tableArrays.containsKey(ROUTES);
  }

  /** The route tables in file order, each as key to raw value. */
  List<Map<String, Raw>> routes() {
    return tables(ROUTES);
  }

  /** The tables of an array of tables ({@link #ROUTES}, {@link #SCHEMAS}) in file order. */
  List<Map<String, Raw>> tables(String path) {
    return tableArrays.getOrDefault(path, List.of());
  }

  /** Whether the file has this array of tables, even an empty or malformed one. */
  boolean hasTables(String path) {
    return tableArrays.containsKey(path);
  }

  /** Problems with the shape of {@code mqtt.routes}. */
  List<String> routeStructureProblems() {
    return structureProblems(ROUTES);
  }

  /** Problems with the shape of an array of tables. */
  List<String> structureProblems(String path) {
    return structureProblems.getOrDefault(path, List.of());
  }

  String displayName() {
    return displayName;
  }

  /** Finds the line of each key and table header by scanning the text. */
  static final class LineIndex {
    private LineIndex() {}

    /** A key set twice: its dotted path and both lines. */
    record Duplicate(String path, int firstLine, int line) {}

    /** The line of each key and table header. */
    static Map<String, Integer> scan(String text) {
      Map<String, Integer> lines = new HashMap<>();
      walk(text, lines);
      return lines;
    }

    /** The first key that is set twice in the same table, or {@code null}. */
    static Duplicate firstDuplicate(String text) {
      return walk(text, new HashMap<>());
    }

    private static Duplicate walk(String text, Map<String, Integer> lines) {
      Duplicate duplicate = null;
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
        String path = table.isEmpty() ? key : table + "." + key;
        Integer first = lines.putIfAbsent(path, n + 1);
        if (first != null && duplicate == null) {
          duplicate = new Duplicate(path, first, n + 1);
        }
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
      return duplicate;
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
      int[] end = {row.length()};
      outsideStrings(
          row,
          i -> {
            if (row.charAt(i) == '#') {
              end[0] = i;
              return false;
            }
            return true;
          });
      return row.substring(0, end[0]);
    }

    private static int depthChange(String row) {
      String code = stripComment(row);
      int[] depth = {0};
      outsideStrings(
          code,
          i -> {
            if (code.charAt(i) == '[') {
              depth[0]++;
            } else if (code.charAt(i) == ']') {
              depth[0]--;
            }
            return true;
          });
      return depth[0];
    }

    /**
     * Calls {@code visit} with the index of each character of {@code row} that is not inside a
     * quoted string (nor a quote itself), until it returns false.
     */
    private static void outsideStrings(String row, IntPredicate visit) {
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
        } else if (!visit.test(i)) {
          return;
        }
      }
    }
  }
}
