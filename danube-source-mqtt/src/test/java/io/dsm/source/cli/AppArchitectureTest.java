/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.dsm.danube.client.DanubeClients;
import io.dsm.mqtt.client.MqttClients;
import io.dsm.testsupport.ArchitectureRules;

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

  /** The factories through which each module's API creates its implementation. */
  private static final String[] FACTORIES = {
    DanubeClients.class.getName(),
    MqttClients.class.getName(),
    "io.dsm.danube.testkit.InMemoryBrokerFactory",
    "io.dsm.connector.MqttSourceConnector"
  };

  /**
   * Checked here over every module the application is built from. {@code Main} is the composition
   * root: it registers every command, the demo's included, so its edge into the demo is no cycle.
   */
  @ArchTest
  static final ArchRule noPackageCycles =
      ArchitectureRules.noPackageCycles(FACTORIES)
          .ignoreDependency(equivalentTo(Main.class), resideInAPackage("io.dsm.source.demo.."));

  @ArchTest
  static final ArchRule publicTypesDoNotUseInternals =
      ArchitectureRules.publicTypesDoNotUseInternals(FACTORIES);
}
