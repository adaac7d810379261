/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.sink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Module rules for the sink: shared code comes from connector-runtime, never the source. */
@AnalyzeClasses(packages = "io.dsm", importOptions = ImportOption.DoNotIncludeTests.class)
class SinkArchitectureTest {

  /** The sink does not depend on the source connector; what both need is in connector-runtime. */
  @ArchTest
  static final ArchRule noSourceConnector =
      sinkMustNotUse(
          "io.dsm.connector",
          "io.dsm.connector.internal..",
          "io.dsm.connector.mqtt..",
          "io.dsm.connector.health..",
          "io.dsm.connector.metrics..",
          "io.dsm.source..");

  @ArchTest
  static final ArchRule noGrpcOrInternals =
      sinkMustNotUse(
          "io.grpc..", "io.dsm.danube.client.internal..", "io.dsm.mqtt.client.internal..");

  private static ArchRule sinkMustNotUse(String... packages) {
    return noClasses()
        .that()
        .resideInAPackage("io.dsm.sink..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages);
  }

  /** Only Main ends the JVM. */
  @ArchTest
  static final ArchRule onlyMainExits =
      noClasses()
          .that()
          .resideInAPackage("io.dsm.sink..")
          .and()
          .doNotHaveFullyQualifiedName("io.dsm.sink.cli.Main")
          .should()
          .callMethod(System.class, "exit", int.class);
}
