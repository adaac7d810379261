/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.dsm.testsupport.ArchitectureRules;

/**
 * The module rules of ARCHITECTURE.md that concern the client. The same two API rules hold in the
 * testkit ({@code TestkitArchitectureTest}): public types never name {@code internal}, except one
 * named factory that creates the implementation, and packages form no cycle besides that bridge.
 */
@AnalyzeClasses(
    packages = "io.dsm.danube.client",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ClientArchitectureTest {

  /** The client and the testkit are independent implementations of one contract. */
  @ArchTest
  static final ArchRule clientDoesNotUseTheTestkit =
      noClasses().should().dependOnClassesThat().resideInAPackage("io.dsm.danube.testkit..");

  @ArchTest
  static final ArchRule noSystemExit =
      noClasses().should().callMethod(System.class, "exit", int.class);

  /** No package cycles; nothing outside an internal package uses one (ARCHITECTURE rule 3). */
  @ArchTest
  static final ArchRule moduleRules = ArchitectureRules.moduleRules(DanubeClients.class.getName());
}
