/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.danube.proto.StreamMessage;
import io.dsm.danube.testkit.ValidationPolicy;
import io.dsm.danube.testkit.internal.SchemaStore.Subject;
import io.dsm.danube.testkit.internal.SchemaStore.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A topic's schema settings and the publish-time check of Danube v0.15.1 ({@code
 * danube-schema/src/topic_schema.rs}). Not thread safe: the owning {@link TopicState}'s monitor
 * guards it.
 *
 * <p>Danube keeps two layers: what the broker holds in memory (the subject a producer assigned, the
 * policy, a cache of schema ids seen) and what the admin API persisted ({@code schema_config}). A
 * reload of the topic (unload, move, broker restart) starts again from the persisted layer only,
 * with Warn and no payload validation when nothing was persisted.
 */
final class TopicSchemaContext {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What ConfigureTopicSchema / UpdateTopicValidationPolicy stored for the topic. */
  private record Persisted(String subject, ValidationPolicy policy, boolean payloadValidation) {}

  /** A schema id that passed the subject check, with the version its first message named. */
  private record Cached(String subject, int version) {}

  private String subject;
  private ValidationPolicy policy = ValidationPolicy.WARN;
  private boolean payloadValidation;
  private final Map<Long, Cached> cache = new HashMap<>();
  private Persisted persisted;

  String subject() {
    return subject;
  }

  ValidationPolicy policy() {
    return policy;
  }

  boolean payloadValidation() {
    return payloadValidation;
  }

  /** A producer's schema_ref bound the topic (first one only; the caller checked the registry). */
  void assignSubject(String newSubject) {
    subject = newSubject;
  }

  /** ConfigureTopicSchema: subject and settings, in memory and persisted. */
  void configure(String newSubject, ValidationPolicy newPolicy, boolean payload) {
    subject = newSubject;
    policy = newPolicy;
    payloadValidation = payload;
    persisted = new Persisted(newSubject, newPolicy, payload);
  }

  /**
   * UpdateTopicValidationPolicy: Danube applies the settings in memory first and only then finds
   * out whether a subject exists to persist them with; false (and the settings stay applied, not
   * persisted) when there is none.
   */
  boolean updatePolicy(ValidationPolicy newPolicy, boolean payload) {
    policy = newPolicy;
    payloadValidation = payload;
    if (subject == null) {
      return false;
    }
    persisted = new Persisted(subject, newPolicy, payload);
    return true;
  }

  /** The topic was reloaded: only what the admin API persisted survives. */
  void reload() {
    cache.clear();
    if (persisted == null) {
      subject = null;
      policy = ValidationPolicy.WARN;
      payloadValidation = false;
    } else {
      subject = persisted.subject();
      policy = persisted.policy();
      payloadValidation = persisted.payloadValidation();
    }
  }

  static String subjectNotFound(String subject) {
    return "Schema subject '" + subject + "' not found in registry. Please register schema first.";
  }

  /**
   * Danube prints policies with Rust's Debug format: {@code None}, {@code Warn}, {@code Enforce}.
   */
  static String debugName(ValidationPolicy p) {
    String lower = p.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  /** Danube's parser for the admin RPCs: case-insensitive none, warn or enforce. */
  static Optional<ValidationPolicy> parsePolicy(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "none" -> Optional.of(ValidationPolicy.NONE);
      case "warn" -> Optional.of(ValidationPolicy.WARN);
      case "enforce" -> Optional.of(ValidationPolicy.ENFORCE);
      default -> Optional.empty();
    };
  }

  /**
   * Checks a message about to be stored, in Danube's order. Returns null when it may be stored,
   * otherwise the reason that follows "Unable to publish the message: ".
   */
  String validate(StreamMessage message, String topic, SchemaStore registry) {
    if (policy == ValidationPolicy.NONE) {
      return null;
    }
    boolean enforce = policy == ValidationPolicy.ENFORCE;
    if (subject == null) {
      return enforce ? "Topic " + topic + " requires schema but none is configured" : null;
    }
    if (!message.hasSchemaId()) {
      return enforce
          ? "Message missing schema_id for topic " + topic + " (expected subject: " + subject + ")"
          : null;
    }
    long id = message.getSchemaId();
    Cached cached = cache.get(id);
    if (cached != null) {
      if (!cached.subject().equals(subject)) {
        return enforce ? mismatch(topic, id, cached.subject()) : null;
      }
    } else {
      // Unknown ids are refused whatever the policy: the lookup itself fails.
      Optional<Subject> owner = registry.subjectById(id);
      if (owner.isEmpty()) {
        return "Schema ID " + Long.toUnsignedString(id) + " not found in registry";
      }
      String ownerName = owner.get().name();
      if (!ownerName.equals(subject)) {
        return enforce ? mismatch(topic, id, ownerName) : null;
      }
      cached = new Cached(ownerName, message.hasSchemaVersion() ? message.getSchemaVersion() : 1);
      cache.put(id, cached);
    }
    return payloadValidation ? validatePayload(message, cached, registry) : null;
  }

  private String mismatch(String topic, long id, String messageSubject) {
    return "Schema subject mismatch for topic "
        + topic
        + ": message schema_id="
        + Long.toUnsignedString(id)
        + " belongs to subject '"
        + messageSubject
        + "', but topic requires '"
        + subject
        + "'";
  }

  /**
   * Danube validates against the version cached for the id, i.e. the version the first accepted
   * message with that id named, not necessarily this message's.
   */
  private static String validatePayload(
      StreamMessage message, Cached cached, SchemaStore registry) {
    int version = cached.version();
    Optional<Version> schema = registry.subject(cached.subject()).flatMap(s -> s.version(version));
    if (schema.isEmpty()) {
      return "Schema version not found: "
          + cached.subject()
          + "/"
          + Integer.toUnsignedString(version)
          + " - Schema version "
          + Integer.toUnsignedString(version)
          + " not found for subject: "
          + cached.subject();
    }
    byte[] payload = message.getPayload().toByteArray();
    String problem =
        switch (schema.get().kind()) {
          case BYTES, AVRO, PROTOBUF -> null;
          case STRING ->
              RustUtf8.describeError(payload).map(e -> "Invalid UTF-8 string: " + e).orElse(null);
          case NUMBER ->
              payload.length == 4 || payload.length == 8
                  ? null
                  : "Invalid number: expected 4 or 8 bytes, got " + payload.length;
          case JSON_SCHEMA -> jsonProblem(payload, schema.get().definition());
        };
    return problem == null ? null : "Payload validation failed: " + problem;
  }

  private static String jsonProblem(byte[] payload, String schemaText) {
    com.fasterxml.jackson.databind.JsonNode instance;
    try {
      instance = JSON.readTree(payload);
      if (instance == null || instance.isMissingNode()) {
        return "Invalid JSON data: EOF while parsing a value";
      }
    } catch (java.io.IOException e) {
      String detail =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return "Invalid JSON data: " + firstLine(String.valueOf(detail));
    }
    List<String> errors;
    try {
      errors = JsonInstanceCheck.errors(JSON.readTree(schemaText), instance);
    } catch (JsonProcessingException e) {
      return null; // the registry accepted it as JSON; cannot happen
    }
    return errors.isEmpty() ? null : "JSON Schema validation failed: " + String.join(", ", errors);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
