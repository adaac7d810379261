/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The testkit must not share code with the client: two independent implementations of the Danube
 * protocol catch each other's bugs; shared code would share them.
 */
@AnalyzeClasses(
    packages = "io.dsm.danube.testkit",
    importOptions = ImportOption.DoNotIncludeTests.class)
class TestkitArchitectureTest {

  @ArchTest
  static final ArchRule independentOfTheClient =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.dsm.danube.client..", "io.dsm.connector..", "io.dsm.cli..");
}
