/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import io.dsm.common.failure.Failures;
import io.dsm.connector.config.SchemaSettings;
import io.dsm.connector.config.VersionStrategy;
import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.SchemaInfo;
import io.dsm.danube.client.SchemaRef;
import io.dsm.danube.client.SchemaRegistryClient;
import io.dsm.runtime.danube.DanubeFailures;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code [[schemas]]} of the configuration, resolved against Danube's schema registry at start:
 * each subject registered (when {@code auto_register}) or found, and the version the producers use
 * checked. After {@link #prepare} it says, per Danube topic, which schema reference its producer is
 * created with (so every message carries {@code schema_id} and {@code schema_version}) and how its
 * payloads are checked. Immutable and thread-safe after {@link #prepare}.
 */
public final class TopicSchemas {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSchemas.class);

  /**
   * The schema of one topic.
   *
   * @param settings as configured
   * @param ref what the topic's producer is created with
   * @param check the payload check of the schema type
   * @param schemaId the subject's id in the registry, as resolved at start
   * @param version the version resolved at start (the producer stamps the version it resolves)
   */
  public record Bound(
      SchemaSettings settings, SchemaRef ref, PayloadCheck check, long schemaId, int version) {}

  private static final TopicSchemas NONE = new TopicSchemas(Map.of());

  private final Map<String, Bound> byTopic;

  private TopicSchemas(Map<String, Bound> byTopic) {
    this.byTopic = Map.copyOf(byTopic);
  }

  /** No schemas. */
  public static TopicSchemas none() {
    return NONE;
  }

  /** The schema of {@code danubeTopic}, if one is configured. */
  public Optional<Bound> forTopic(String danubeTopic) {
    return byTopic.isEmpty() ? Optional.empty() : Optional.ofNullable(byTopic.get(danubeTopic));
  }

  /** The schema reference the producer of {@code danubeTopic} is created with, or null. */
  public SchemaRef refFor(String danubeTopic) {
    Bound b = byTopic.get(danubeTopic);
    return b == null ? null : b.ref();
  }

  /**
   * Registers or resolves every subject, one after the other.
   *
   * @param timeout for each registry call (the client retries within it)
   * @throws SchemaSetupException naming the topic and subject that failed
   */
  public static TopicSchemas prepare(
      SchemaRegistryClient registry, List<SchemaSettings> schemas, Duration timeout)
      throws SchemaSetupException, InterruptedException {
    Map<String, Bound> out = new LinkedHashMap<>();
    for (SchemaSettings s : schemas) {
      out.put(s.topic(), bind(registry, s, timeout));
    }
    return new TopicSchemas(out);
  }

  private static Bound bind(SchemaRegistryClient registry, SchemaSettings s, Duration timeout)
      throws SchemaSetupException, InterruptedException {
    String what = s.describeSubject();
    Optional<SchemaInfo> latest = await(registry.latest(s.subject()), what, timeout, false);
    SchemaInfo info;
    if (s.autoRegister()) {
      SchemaInfo registered =
          await(
              registry.register(s.subject(), s.type().configName(), s.definition()),
              what,
              timeout,
              true);
      if (registered.newVersion()) {
        LOG.info(
            "Registered {} as version {} (schema id {})",
            what,
            registered.version(),
            Long.toUnsignedString(registered.schemaId()));
      }
      info =
          latest.isPresent() && latest.get().version() > registered.version()
              ? latest.get()
              : registered;
    } else {
      Optional<String> problem = s.problemWithRegistered(latest.map(SchemaInfo::schemaType));
      if (problem.isPresent()) {
        throw new SchemaSetupException(
            problem.get(), SchemaSetupException.Kind.CONFIGURATION, null);
      }
      info = latest.orElseThrow();
    }
    VersionStrategy v = s.versionStrategy();
    if (v.kind() != VersionStrategy.Kind.LATEST && v.version() > info.version()) {
      throw new SchemaSetupException(
          what + " has version " + info.version() + " at most, but version_strategy asks for " + v,
          SchemaSetupException.Kind.CONFIGURATION,
          null);
    }
    SchemaRef ref =
        switch (v.kind()) {
          case LATEST -> SchemaRef.latest(s.subject());
          case PINNED -> new SchemaRef(s.subject(), v.version(), 0);
          case MINIMUM -> new SchemaRef(s.subject(), 0, v.version());
        };
    LOG.info(
        "Danube topic {} uses {} (schema id {}, latest version {}, {}), validation_policy {}",
        s.topic(),
        "schema subject '" + s.subject() + "'",
        Long.toUnsignedString(info.schemaId()),
        info.version(),
        v,
        s.validationPolicy().configName());
    PayloadCheck check;
    try {
      check = PayloadCheck.of(s.type(), s.definition());
    } catch (IllegalArgumentException e) {
      throw new SchemaSetupException(
          what
              + (s.schemaFile() == null ? "" : " (" + s.schemaFile() + ")")
              + ": "
              + e.getMessage(),
          SchemaSetupException.Kind.CONFIGURATION,
          e);
    }
    return new Bound(s, ref, check, info.schemaId(), info.version());
  }

  private static <T> T await(
      java.util.concurrent.CompletableFuture<T> f,
      String what,
      Duration timeout,
      boolean registering)
      throws SchemaSetupException, InterruptedException {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new SchemaSetupException(
          "Danube's schema registry did not answer within "
              + timeout.toSeconds()
              + " s for "
              + what,
          SchemaSetupException.Kind.UNAVAILABLE,
          e);
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      SchemaSetupException.Kind kind;
      if (DanubeFailures.isRefusal(cause)) {
        kind = SchemaSetupException.Kind.REFUSED;
      } else if (cause instanceof DanubeException de && !de.isRetriable()) {
        // The registry refused the definition (incompatible with the subject, invalid).
        kind = SchemaSetupException.Kind.CONFIGURATION;
      } else {
        kind = SchemaSetupException.Kind.UNAVAILABLE;
      }
      throw new SchemaSetupException(
          (registering ? "cannot register " : "cannot look up ")
              + what
              + ": "
              + DanubeFailures.describe(cause),
          kind,
          cause);
    }
  }

  /** A schema could not be registered or resolved at start. */
  public static final class SchemaSetupException extends SetupException {
    private static final long serialVersionUID = 1L;

    SchemaSetupException(String message, Kind kind, Throwable cause) {
      super(message, kind, cause);
    }
  }
}
