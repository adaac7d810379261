/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

/** What the producer path needs to know about the schema registry (checklist items 36-37). */
public interface SchemaCatalog {
  /** A registry with no subjects: every subject is unknown. */
  SchemaCatalog EMPTY =
      new SchemaCatalog() {
        @Override
        public boolean subjectExists(String subject) {
          return false;
        }

        @Override
        public boolean schemaIdExists(long schemaId) {
          return false;
        }
      };

  boolean subjectExists(String subject);

  boolean schemaIdExists(long schemaId);
}
