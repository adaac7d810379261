/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of ARCHITECTURE.md that concern the client. The same two API rules hold in the
 * testkit ({@code TestkitArchitectureTest}): public types never name {@code internal}, except one
 * named factory that creates the implementation, and packages form no cycle besides that bridge.
 */
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
          .areNotAssignableTo(DanubeClients.class)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.dsm.danube.client.internal..");

  /** The implementation may use API types, the API reaches it only through the factory. */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices()
          .matching("io.dsm.danube.(**)")
          .should()
          .beFreeOfCycles()
          .ignoreDependency(
              equivalentTo(DanubeClients.class),
              resideInAPackage("io.dsm.danube.client.internal.."));

  /** The client and the testkit are independent implementations of one contract. */
  @ArchTest
  static final ArchRule clientDoesNotUseTheTestkit =
      noClasses().should().dependOnClassesThat().resideInAPackage("io.dsm.danube.testkit..");

  @ArchTest
  static final ArchRule noSystemExit =
      noClasses().should().callMethod(System.class, "exit", int.class);
}
