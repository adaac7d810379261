/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The subset of Danube's schema registry a producer needs. Calls go to the service URL. */
public interface SchemaRegistryClient {

  /** Registers a JSON schema (deduplicated by the registry). */
  CompletableFuture<SchemaInfo> registerJsonSchema(String subject, String jsonSchema);

  /**
   * Registers a schema of any registry type ({@code json_schema}, {@code string}, {@code number},
   * {@code bytes}, ...); identical definitions are deduplicated by the registry, a different one
   * becomes a new version if the subject's compatibility mode allows it. The future fails with a
   * {@link DanubeException} when the registry refuses it (e.g. incompatible).
   */
  CompletableFuture<SchemaInfo> register(String subject, String schemaType, String definition);

  /** The latest version of a subject, empty when the subject is unknown (NOT_FOUND). */
  CompletableFuture<Optional<SchemaInfo>> latest(String subject);

  /** A schema by id, and version when {@code version > 0}. */
  CompletableFuture<SchemaInfo> get(long schemaId, int version);
}
