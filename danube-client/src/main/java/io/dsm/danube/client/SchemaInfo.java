/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/**
 * A schema version in the registry.
 *
 * @param schemaId the subject's schema id
 * @param version the version number (1..n)
 * @param subject the subject
 * @param schemaType e.g. {@code json_schema}
 * @param definition the schema definition as the registry returns it
 * @param fingerprint {@code sha256:<hex>}
 * @param newVersion on registration: whether this call created the version
 */
public record SchemaInfo(
    long schemaId,
    int version,
    String subject,
    String schemaType,
    byte[] definition,
    String fingerprint,
    boolean newVersion) {}
