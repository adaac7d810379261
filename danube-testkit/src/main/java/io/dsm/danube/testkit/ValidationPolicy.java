/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

/**
 * How strictly a topic checks the schema of the messages published to it (Danube's topic validation
 * policy). A topic starts with {@link #WARN}; the admin RPCs {@code
 * SchemaRegistry/ConfigureTopicSchema} and {@code UpdateTopicValidationPolicy} change it.
 */
public enum ValidationPolicy {
  /** Nothing is checked. */
  NONE,
  /**
   * A missing {@code schema_id} or one of another subject is only logged; an id unknown to the
   * registry, or a payload that fails payload validation, is still refused.
   */
  WARN,
  /**
   * A topic without a subject, a missing {@code schema_id} or one of another subject is refused.
   */
  ENFORCE
}
