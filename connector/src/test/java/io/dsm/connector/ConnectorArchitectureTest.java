/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.dsm.testsupport.ArchitectureRules;

/** Module rules of ARCHITECTURE.md for the connector runtime. */
@AnalyzeClasses(packages = "io.dsm.connector", importOptions = ImportOption.DoNotIncludeTests.class)
class ConnectorArchitectureTest {

  /** Only the intake speaks HiveMQ; everything else talks in our own types. */
  @ArchTest
  static final ArchRule onlyMqttPackageUsesHiveMq =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.dsm.connector.mqtt..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.hivemq.client..");

  /** gRPC stays inside danube-client. */
  @ArchTest
  static final ArchRule noGrpc =
      noClasses().should().dependOnClassesThat().resideInAPackage("io.grpc..");

  @ArchTest
  static final ArchRule noOtherModulesInternals =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.dsm.danube.client.internal..", "io.dsm.danube.testkit..");

  @ArchTest
  static final ArchRule noSystemExit =
      noClasses().should().callMethod(System.class, "exit", int.class);

  /**
   * No package cycles; nothing outside the internal package uses it (ARCHITECTURE rule 3) except
   * MqttSourceConnector, the public type that assembles the pipeline.
   */
  @ArchTest
  static final ArchRule moduleRules =
      ArchitectureRules.moduleRules(MqttSourceConnector.class.getName());
}
