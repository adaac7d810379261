/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dsm.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The CLI is a client of the public danube-client API only. */
class CliArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dsm.danube.cli");

  @Test
  void usesNeitherGrpcNorProtoNorAnyInternalPackage() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "io.dsm.danube.proto..", "..internal..")
        .check(classes);
  }

  @Test
  void onlyMainEndsTheProcess() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(Main.class.getName())
        .should()
        .callMethod(System.class, "exit", int.class)
        .check(classes);
  }

  @Test
  void packagesFormNoCycle() {
    ArchitectureRules.noPackageCycles().check(classes);
  }
}
