/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.dsm.testsupport.ArchitectureRules;

/**
 * The module rules of ARCHITECTURE.md that concern the testkit. The same two API rules hold in the
 * client ({@code ClientArchitectureTest}): public types never name {@code internal}, except one
 * named factory that creates the implementation, and packages form no cycle besides that bridge.
 */
@AnalyzeClasses(
    packages = "io.dsm.danube.testkit",
    importOptions = ImportOption.DoNotIncludeTests.class)
class TestkitArchitectureTest {

  /**
   * The testkit must not share code with the client: two independent implementations of the Danube
   * protocol catch each other's bugs; shared code would share them.
   */
  @ArchTest
  static final ArchRule independentOfTheClient =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.dsm.danube.client..", "io.dsm.connector..", "io.dsm.source..");

  /** No package cycles; nothing outside an internal package uses one (ARCHITECTURE rule 3). */
  @ArchTest
  static final ArchRule moduleRules =
      ArchitectureRules.moduleRules(InMemoryBrokerFactory.class.getName());
}
