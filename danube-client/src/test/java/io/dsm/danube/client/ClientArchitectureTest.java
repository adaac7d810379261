/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module rules of ARCHITECTURE.md that concern the client. */
@AnalyzeClasses(
    packages = "io.dsm.danube.client",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ClientArchitectureTest {

  /** API types stay free of implementation details; the factory is the single bridge. */
  @ArchTest
  static final ArchRule apiDoesNotImportInternal =
      noClasses()
          .that()
          .resideInAPackage("io.dsm.danube.client")
          .and()
          .doNotHaveSimpleName("DanubeClients")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.dsm.danube.client.internal..");

  /** The client and the testkit are independent implementations of one contract. */
  @ArchTest
  static final ArchRule clientDoesNotUseTheTestkit =
      noClasses().should().dependOnClassesThat().resideInAPackage("io.dsm.danube.testkit..");

  @ArchTest
  static final ArchRule noSystemExit =
      noClasses().should().callMethod(System.class, "exit", int.class);
}
