/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The schema registry's state (protocol section 8): subjects, their versions 1..n, one cluster-wide
 * {@code schema_id} per subject (allocated from 1 at the subject's first registration and shared by
 * all its versions), fingerprint deduplication and JSON compatibility checks. Thread-safe; every
 * method takes the store's lock, which is cheap at test scale.
 *
 * <p>Failures are {@link SchemaException}s whose message is the text Danube's registry produces;
 * the gRPC service prefixes them exactly as the broker does.
 *
 * <p>Known simplifications: Avro schemas are only checked to be JSON (Danube compiles them), their
 * fingerprint is the canonical-JSON one (Danube re-serialises the parsed Avro schema), and Avro and
 * Protobuf evolutions are always compatible. Only JSON Schema behaves like Danube in detail.
 */
public final class SchemaStore {

  /** The kinds of schema Danube stores, with their canonical wire names. */
  public enum Kind {
    BYTES("bytes", "Bytes"),
    STRING("string", "String"),
    NUMBER("number", "Number"),
    AVRO("avro", "Avro"),
    JSON_SCHEMA("json_schema", "JsonSchema"),
    PROTOBUF("protobuf", "Protobuf");

    private final String wireName;
    private final String variantName;

    Kind(String wireName, String variantName) {
      this.wireName = wireName;
      this.variantName = variantName;
    }

    /** The canonical lowercase name GetSchema reports, e.g. {@code json_schema}. */
    public String wireName() {
      return wireName;
    }

    /** Danube's parser: case-insensitive, with aliases; empty for an unknown name. */
    public static Optional<Kind> parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "bytes" -> Optional.of(BYTES);
        case "string" -> Optional.of(STRING);
        case "number", "int64", "int", "float", "double" -> Optional.of(NUMBER);
        case "avro" -> Optional.of(AVRO);
        case "json_schema", "json" -> Optional.of(JSON_SCHEMA);
        case "protobuf", "proto" -> Optional.of(PROTOBUF);
        default -> Optional.empty();
      };
    }
  }

  /** A subject's compatibility mode; BACKWARD for new subjects. */
  public enum CompatibilityMode {
    NONE("None"),
    BACKWARD("Backward"),
    FORWARD("Forward"),
    FULL("Full");

    private final String debugName;

    CompatibilityMode(String debugName) {
      this.debugName = debugName;
    }

    /** Lowercase, as GetSchema and ListSubjects report it. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive; empty for anything but none/backward/forward/full. */
    public static Optional<CompatibilityMode> parse(String name) {
      for (CompatibilityMode mode : values()) {
        if (mode.wireName().equals(name.toLowerCase(Locale.ROOT))) {
          return Optional.of(mode);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One stored version. {@code definition} is the registered text (empty for bytes/string/number).
   */
  public record Version(
      int version,
      Kind kind,
      String definition,
      String fingerprint,
      long createdAtSeconds,
      String createdBy,
      String description,
      List<String> tags) {
    public Version {
      tags = List.copyOf(tags);
    }

    /**
     * What GetSchema returns as {@code schema_definition}: Danube's internal definition object
     * serialised as JSON (an object named after the kind, or a bare string for kinds without a
     * body), not the registered bytes.
     */
    public byte[] wrappedDefinition() {
      StringBuilder out = new StringBuilder();
      switch (kind) {
        case BYTES, STRING, NUMBER -> CanonicalJson.writeString(kind.variantName, out);
        case JSON_SCHEMA, AVRO -> {
          out.append('{');
          CanonicalJson.writeString(kind.variantName, out);
          out.append(":{\"raw_schema\":");
          CanonicalJson.writeString(definition, out);
          out.append(",\"fingerprint\":");
          CanonicalJson.writeString(fingerprint, out);
          out.append("}}");
        }
        case PROTOBUF -> {
          out.append("{\"Protobuf\":{\"raw_proto\":");
          CanonicalJson.writeString(definition, out);
          out.append(",\"message_name\":\"DefaultMessage\",\"fingerprint\":");
          CanonicalJson.writeString(fingerprint, out);
          out.append("}}");
        }
        default -> throw new IllegalStateException("unhandled schema kind " + kind);
      }
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A consistent snapshot of one subject. {@code versions} is in ascending version order. */
  public record Subject(
      String name, long schemaId, CompatibilityMode mode, List<Version> versions) {
    public Subject {
      versions = List.copyOf(versions);
    }

    /** Empty only after every version was deleted. */
    public Optional<Version> latest() {
      return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    public Optional<Version> version(int number) {
      return versions.stream().filter(v -> v.version() == number).findFirst();
    }
  }

  /** RegisterSchema's answer. */
  public record Registration(
      long schemaId, int version, boolean isNewVersion, String fingerprint) {}

  /** CheckCompatibility's answer. */
  public record Compatibility(boolean compatible, List<String> errors) {
    public Compatibility {
      errors = List.copyOf(errors);
    }

    static Compatibility ok() {
      return new Compatibility(true, List.of());
    }
  }

  /** A registry operation failed; the message is Danube's text without the RPC prefix. */
  public static final class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Clock clock;
  private final Map<String, MutableSubject> subjects = new HashMap<>();
  private final Map<Long, String> subjectsById = new HashMap<>();
  private long nextSchemaId = 1;

  public SchemaStore() {
    this(Clock.systemUTC());
  }

  SchemaStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Registers {@code definition} under {@code subject}: an identical fingerprint returns the
   * existing version, anything else must pass the subject's compatibility mode against the latest
   * version and becomes latest+1.
   */
  public synchronized Registration register(
      String subject,
      String schemaType,
      byte[] definition,
      String description,
      String createdBy,
      List<String> tags) {
    Parsed parsed = parse(schemaType, definition);
    long now = clock.millis() / 1000;
    MutableSubject existing = subjects.get(subject);
    if (existing == null) {
      long id = nextSchemaId++;
      MutableSubject created = new MutableSubject(subject, id);
      created.versions.add(parsed.toVersion(1, now, createdBy, description, tags));
      subjects.put(subject, created);
      subjectsById.put(id, subject);
      return new Registration(id, 1, true, parsed.fingerprint);
    }
    for (Version v : existing.versions) {
      if (v.fingerprint().equals(parsed.fingerprint)) {
        return new Registration(existing.schemaId, v.version(), false, v.fingerprint());
      }
    }
    if (existing.mode != CompatibilityMode.NONE && !existing.versions.isEmpty()) {
      Compatibility result = check(existing.latest(), parsed, existing.mode);
      if (!result.compatible()) {
        throw new SchemaException(
            "Schema is not compatible with subject '"
                + subject
                + "' (mode: "
                + existing.mode.debugName
                + "): "
                + String.join("; ", result.errors()));
      }
    }
    int number = existing.nextVersion++;
    existing.versions.add(parsed.toVersion(number, now, createdBy, description, tags));
    return new Registration(existing.schemaId, number, true, parsed.fingerprint);
  }

  /** Checks {@code definition} against the subject's latest version ({@code mode} or its own). */
  public synchronized Compatibility checkCompatibility(
      String subject, String schemaType, byte[] definition, Optional<CompatibilityMode> mode) {
    Parsed parsed = parse(schemaType, definition);
    MutableSubject existing = require(subject);
    CompatibilityMode effective = mode.orElse(existing.mode);
    if (effective == CompatibilityMode.NONE) {
      return Compatibility.ok();
    }
    if (existing.versions.isEmpty()) {
      throw new SchemaException("No existing versions found");
    }
    return check(existing.latest(), parsed, effective);
  }

  public synchronized void setCompatibilityMode(String subject, CompatibilityMode mode) {
    require(subject).mode = Objects.requireNonNull(mode, "mode");
  }

  /** Removes one version; the subject and its id stay, later versions keep their numbers. */
  public synchronized void deleteVersion(String subject, int version) {
    MutableSubject existing = require(subject);
    if (!existing.versions.removeIf(v -> v.version() == version)) {
      throw new SchemaException("Version " + version + " not found for subject '" + subject + "'");
    }
  }

  public synchronized Optional<Subject> subject(String subject) {
    return Optional.ofNullable(subjects.get(subject)).map(MutableSubject::snapshot);
  }

  public synchronized Optional<Subject> subjectById(long schemaId) {
    return Optional.ofNullable(subjectsById.get(schemaId)).flatMap(this::subject);
  }

  /** Every subject, sorted by name. */
  public synchronized List<Subject> subjects() {
    return new TreeMap<>(subjects).values().stream().map(MutableSubject::snapshot).toList();
  }

  /** The subject's schema id (shared by all its versions), if it has a registered version. */
  public synchronized Optional<Long> latestSchemaId(String subject) {
    MutableSubject s = subjects.get(subject);
    return s == null || s.versions.isEmpty() ? Optional.empty() : Optional.of(s.schemaId);
  }

  public synchronized boolean subjectExists(String subject) {
    return subjects.containsKey(subject);
  }

  public synchronized boolean schemaIdExists(long id) {
    return subjectsById.containsKey(id);
  }

  private MutableSubject require(String subject) {
    MutableSubject s = subjects.get(subject);
    if (s == null) {
      throw new SchemaException("Subject not found: " + subject);
    }
    return s;
  }

  // ---- parsing and fingerprints (Danube's per-kind handlers) ----

  private record Parsed(Kind kind, String definition, String fingerprint, JsonNode json) {
    Version toVersion(
        int number, long now, String createdBy, String description, List<String> tags) {
      return new Version(number, kind, definition, fingerprint, now, createdBy, description, tags);
    }
  }

  private static Parsed parse(String schemaType, byte[] bytes) {
    Kind kind =
        Kind.parse(schemaType)
            .orElseThrow(() -> new SchemaException("Unknown schema type: " + schemaType));
    return switch (kind) {
      case BYTES, STRING, NUMBER -> new Parsed(kind, "", kind.wireName(), null);
      case JSON_SCHEMA -> {
        String text = utf8(bytes, "JSON schema");
        JsonNode node = readJson(text, "Invalid JSON in schema: ");
        String problem = JsonSchemaCheck.problem(node);
        if (problem != null) {
          throw new SchemaException("Invalid JSON Schema: " + problem);
        }
        yield new Parsed(kind, text, sha256(CanonicalJson.write(node)), node);
      }
      case AVRO -> {
        String text = utf8(bytes, "Avro schema");
        JsonNode node = readJson(text, "Invalid Avro schema: ");
        yield new Parsed(kind, text, sha256(CanonicalJson.write(node)), node);
      }
      case PROTOBUF -> {
        String text = utf8(bytes, "Protobuf schema");
        yield new Parsed(kind, text, sha256(text), null);
      }
    };
  }

  private static String utf8(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SchemaException("Invalid UTF-8 in " + what + ": " + e.getMessage());
    }
  }

  private static JsonNode readJson(String text, String errorPrefix) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new SchemaException(errorPrefix + "EOF while parsing a value");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new SchemaException(errorPrefix + e.getOriginalMessage());
    }
  }

  static String sha256(String canonical) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return "sha256:"
          + HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  // ---- compatibility (Danube's JSON checker; other kinds only need the same kind) ----

  private static Compatibility check(Version latest, Parsed candidate, CompatibilityMode mode) {
    if (latest.kind() != candidate.kind) {
      return new Compatibility(
          false, List.of("Schema types must match (cannot change from Avro to JSON, etc.)"));
    }
    if (latest.kind() != Kind.JSON_SCHEMA) {
      return Compatibility.ok();
    }
    JsonNode old = readJson(latest.definition(), "Failed to parse old JSON schema: ");
    JsonNode next = candidate.json;
    List<String> errors = new ArrayList<>();
    if (mode == CompatibilityMode.BACKWARD || mode == CompatibilityMode.FULL) {
      backwardErrors(old, next, errors);
      if (!errors.isEmpty()) {
        return new Compatibility(false, errors);
      }
    }
    if (mode == CompatibilityMode.FORWARD || mode == CompatibilityMode.FULL) {
      forwardErrors(old, next, errors);
    }
    return errors.isEmpty() ? Compatibility.ok() : new Compatibility(false, errors);
  }

  private static void backwardErrors(JsonNode old, JsonNode next, List<String> errors) {
    JsonNode oldProps = properties(old);
    JsonNode newProps = properties(next);
    Set<String> oldRequired = required(old);
    for (String field : oldRequired) {
      if (newProps == null || !newProps.has(field)) {
        errors.add("Backward incompatible: removed required field '" + field + "'");
      }
    }
    for (String field : required(next)) {
      if (oldProps != null && oldProps.has(field) && !oldRequired.contains(field)) {
        errors.add("Backward incompatible: made optional field '" + field + "' required");
      }
    }
    typeChanges(oldProps, newProps, "Backward", errors);
  }

  private static void forwardErrors(JsonNode old, JsonNode next, List<String> errors) {
    JsonNode oldProps = properties(old);
    for (String field : required(next)) {
      if (oldProps == null || !oldProps.has(field)) {
        errors.add("Forward incompatible: added new required field '" + field + "'");
      }
    }
    typeChanges(oldProps, properties(next), "Forward", errors);
  }

  private static void typeChanges(
      JsonNode oldProps, JsonNode newProps, String direction, List<String> errors) {
    if (oldProps == null || newProps == null) {
      return;
    }
    // Danube walks the old properties in key order (serde_json's sorted map).
    for (String field : new TreeMap<>(toMap(oldProps)).keySet()) {
      JsonNode before = oldProps.get(field).get("type");
      JsonNode after = newProps.has(field) ? newProps.get(field).get("type") : null;
      if (before != null && after != null && !before.equals(after)) {
        errors.add(direction + " incompatible: changed type of field '" + field + "'");
      }
    }
  }

  private static Map<String, JsonNode> toMap(JsonNode object) {
    Map<String, JsonNode> out = new HashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static JsonNode properties(JsonNode schema) {
    JsonNode props = schema.isObject() ? schema.get("properties") : null;
    return props != null && props.isObject() ? props : null;
  }

  private static Set<String> required(JsonNode schema) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode req = schema.isObject() ? schema.get("required") : null;
    if (req != null && req.isArray()) {
      req.forEach(
          r -> {
            if (r.isTextual()) {
              out.add(r.asText());
            }
          });
    }
    return out;
  }

  private static final class MutableSubject {
    final String name;
    final long schemaId;
    final List<Version> versions = new ArrayList<>();
    CompatibilityMode mode = CompatibilityMode.BACKWARD;
    int nextVersion = 2;

    MutableSubject(String name, long schemaId) {
      this.name = name;
      this.schemaId = schemaId;
    }

    Version latest() {
      return versions.get(versions.size() - 1);
    }

    Subject snapshot() {
      return new Subject(name, schemaId, mode, versions);
    }
  }

  /**
   * serde_json's compact serialisation of a parsed value, which Danube hashes: object keys sorted,
   * no whitespace, minimal string escapes with lowercase hex, numbers as integers or shortest
   * floats.
   */
  static final class CanonicalJson {
    private CanonicalJson() {}

    static String write(JsonNode node) {
      StringBuilder out = new StringBuilder();
      write(node, out);
      return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
      if (node.isObject()) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : new TreeMap<>(toMap(node)).entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeString(e.getKey(), out);
          out.append(':');
          write(e.getValue(), out);
        }
        out.append('}');
      } else if (node.isArray()) {
        out.append('[');
        Iterator<JsonNode> it = node.elements();
        while (it.hasNext()) {
          write(it.next(), out);
          if (it.hasNext()) {
            out.append(',');
          }
        }
        out.append(']');
      } else if (node.isTextual()) {
        writeString(node.textValue(), out);
      } else if (node.isIntegralNumber() && fitsSerdeInteger(node.bigIntegerValue())) {
        out.append(node.bigIntegerValue());
      } else if (node.isNumber()) {
        out.append(shortestFloat(node.doubleValue()));
      } else {
        out.append(node.toString()); // true, false, null
      }
    }

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private static boolean fitsSerdeInteger(BigInteger v) {
      return v.compareTo(I64_MIN) >= 0 && v.compareTo(U64_MAX) <= 0;
    }

    /** The layout of Rust's ryu crate, which serde_json uses for f64. */
    static String shortestFloat(double d) {
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return "null";
      }
      if (d == 0) {
        return (1 / d < 0) ? "-0.0" : "0.0";
      }
      BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
      String digits = exact.unscaledValue().toString();
      int length = digits.length();
      int exponent = -exact.scale(); // value = digits * 10^exponent
      int point = length + exponent; // position of the decimal point within digits
      StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
      if (exponent >= 0 && point <= 16) {
        out.append(digits).append("0".repeat(exponent)).append(".0");
      } else if (point > 0 && point <= 16) {
        out.append(digits, 0, point).append('.').append(digits, point, length);
      } else if (point > -5 && point <= 0) {
        out.append("0.").append("0".repeat(-point)).append(digits);
      } else if (length == 1) {
        out.append(digits).append('e').append(point - 1);
      } else {
        out.append(digits.charAt(0)).append('.').append(digits, 1, length);
        out.append('e').append(point - 1);
      }
      return out.toString();
    }

    static void writeString(String s, StringBuilder out) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\b' -> out.append("\\b");
          case '\f' -> out.append("\\f");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }
  }

  /**
   * A structural check of a JSON Schema document, standing in for Danube compiling it with the
   * {@code jsonschema} crate: catches the mistakes that crate rejects (wrong keyword value types,
   * unknown type names, bad regular expressions), not every meta-schema rule.
   */
  static final class JsonSchemaCheck {
    private static final Set<String> TYPES =
        Set.of("null", "boolean", "object", "array", "number", "integer", "string");
    private static final Set<String> SCHEMA_MAPS =
        Set.of("properties", "patternProperties", "definitions", "$defs", "dependentSchemas");
    private static final Set<String> SCHEMAS =
        Set.of(
            "additionalProperties",
            "additionalItems",
            "unevaluatedProperties",
            "unevaluatedItems",
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "items");
    private static final Set<String> SCHEMA_ARRAYS =
        Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> COUNTS =
        Set.of(
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
            "minContains",
            "maxContains");
    private static final Set<String> NUMBERS =
        Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");

    private JsonSchemaCheck() {}

    /** Null if {@code schema} is acceptable, else what is wrong with it. */
    static String problem(JsonNode schema) {
      return problem(schema, "");
    }

    private static String problem(JsonNode schema, String path) {
      if (schema.isBoolean()) {
        return null;
      }
      if (!schema.isObject()) {
        return at(path) + schema + " is not of types \"boolean\", \"object\"";
      }
      for (Map.Entry<String, JsonNode> e : new TreeMap<>(toMap(schema)).entrySet()) {
        String key = e.getKey();
        JsonNode value = e.getValue();
        String where = path + "/" + key;
        String problem = keywordProblem(key, value, where);
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }

    private static String keywordProblem(String key, JsonNode value, String where) {
      if (key.equals("type")) {
        return typeProblem(value, where);
      }
      if (key.equals("required")) {
        if (!value.isArray()) {
          return at(where) + value + " is not of type \"array\"";
        }
        for (JsonNode item : value) {
          if (!item.isTextual()) {
            return at(where) + item + " is not of type \"string\"";
          }
        }
        return null;
      }
      if (key.equals("enum") && !value.isArray()) {
        return at(where) + value + " is not of type \"array\"";
      }
      if (key.equals("pattern")) {
        return patternProblem(value, where);
      }
      if (COUNTS.contains(key) && !(value.isIntegralNumber() && value.asLong() >= 0)) {
        return at(where) + value + " is not a non-negative integer";
      }
      if (NUMBERS.contains(key)
          && !value.isNumber()
          && !(value.isBoolean() && key.startsWith("exclusive"))) {
        return at(where) + value + " is not of type \"number\"";
      }
      if (SCHEMAS.contains(key)) {
        if (key.equals("items") && value.isArray()) {
          return arrayOfSchemasProblem(value, where, false);
        }
        return problem(value, where);
      }
      if (SCHEMA_ARRAYS.contains(key)) {
        return arrayOfSchemasProblem(value, where, true);
      }
      if (SCHEMA_MAPS.contains(key)) {
        if (!value.isObject()) {
          return at(where) + value + " is not of type \"object\"";
        }
        for (Map.Entry<String, JsonNode> e : new TreeMap<>(toMap(value)).entrySet()) {
          if (key.equals("patternProperties")) {
            String bad = patternProblem(JsonNodeFactory.instance.textNode(e.getKey()), where);
            if (bad != null) {
              return bad;
            }
          }
          String problem = problem(e.getValue(), where + "/" + e.getKey());
          if (problem != null) {
            return problem;
          }
        }
      }
      return null;
    }

    private static String typeProblem(JsonNode value, String where) {
      if (value.isTextual()) {
        return TYPES.contains(value.asText())
            ? null
            : at(where)
                + value
                + " is not valid under any of the schemas listed in the 'anyOf' keyword";
      }
      if (value.isArray() && value.size() > 0) {
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode item : value) {
          if (!item.isTextual() || !TYPES.contains(item.asText()) || !seen.add(item.asText())) {
            return at(where)
                + value
                + " is not valid under any of the schemas listed in the 'anyOf' keyword";
          }
        }
        return null;
      }
      return at(where)
          + value
          + " is not valid under any of the schemas listed in the 'anyOf' keyword";
    }

    private static String patternProblem(JsonNode value, String where) {
      if (!value.isTextual()) {
        return at(where) + value + " is not of type \"string\"";
      }
      try {
        Pattern.compile(value.asText());
        return null;
      } catch (PatternSyntaxException e) {
        return at(where) + value + " is not a \"regex\"";
      }
    }

    private static String arrayOfSchemasProblem(JsonNode value, String where, boolean nonEmpty) {
      if (!value.isArray() || (nonEmpty && value.isEmpty())) {
        return at(where) + value + " is not a non-empty array of schemas";
      }
      int i = 0;
      for (JsonNode item : value) {
        String problem = problem(item, where + "/" + i++);
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }

    private static String at(String path) {
      return path.isEmpty() ? "" : path + ": ";
    }
  }
}
