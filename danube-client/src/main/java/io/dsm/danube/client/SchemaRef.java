/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.util.Objects;

/**
 * A producer's reference to a schema subject in the registry: latest, pinned or minimum version.
 *
 * @param subject the registry subject
 * @param pinnedVersion the exact version to use, or 0
 * @param minVersion the lowest acceptable version, or 0
 */
public record SchemaRef(String subject, int pinnedVersion, int minVersion) {
  public SchemaRef {
    Objects.requireNonNull(subject, "subject");
  }

  public static SchemaRef latest(String subject) {
    return new SchemaRef(subject, 0, 0);
  }
}
