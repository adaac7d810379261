/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The subset of Danube's schema registry a producer needs. Calls go to the service URL. */
public interface SchemaRegistryClient {

  /** Registers a JSON schema (deduplicated by the registry). */
  CompletableFuture<SchemaInfo> registerJsonSchema(String subject, String jsonSchema);

  /** The latest version of a subject, empty when the subject is unknown (NOT_FOUND). */
  CompletableFuture<Optional<SchemaInfo>> latest(String subject);

  /** A schema by id, and version when {@code version > 0}. */
  CompletableFuture<SchemaInfo> get(long schemaId, int version);
}
