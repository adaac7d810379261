/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Only Main ends the JVM, so that every command is testable through Main.run. */
@AnalyzeClasses(packages = "io.dsm", importOptions = ImportOption.DoNotIncludeTests.class)
class AppArchitectureTest {

  @ArchTest
  static final ArchRule onlyMainCallsSystemExit =
      noClasses()
          .that()
          .resideInAPackage("io.dsm..")
          .and()
          .doNotHaveFullyQualifiedName("io.dsm.source.cli.Main")
          .and()
          .doNotHaveFullyQualifiedName("io.dsm.sink.cli.Main")
          .and()
          .resideOutsideOfPackage("io.dsm.danube.cli..")
          .and()
          .resideOutsideOfPackage("io.dsm.danube.testkit..")
          .should()
          .callMethod(System.class, "exit", int.class);

  @ArchTest
  static final ArchRule appDoesNotReachIntoInternals =
      noClasses()
          .that()
          .resideInAPackage("io.dsm.source..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.dsm.danube.client.internal..", "io.grpc..", "com.hivemq.client..");
}
