/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.dsm.testsupport.ArchitectureRules;

/** Configuration and routing are pure logic: no MQTT client, no gRPC, no Danube client. */
@AnalyzeClasses(
    packages = {"io.dsm.connector.config", "io.dsm.connector.routing"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class ConfigArchitectureTest {

  @ArchTest
  static final ArchRule noNetworkLibraries =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.hivemq..", "io.grpc..", "io.dsm.danube..");

  @ArchTest
  static final ArchRule noSystemExit =
      noClasses().should().callMethod(System.class, "exit", int.class);

  /** No package cycles; nothing outside an internal package uses one (ARCHITECTURE rule 3). */
  @ArchTest static final ArchRule moduleRules = ArchitectureRules.moduleRules();
}
