/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.dsm.testsupport.ArchitectureRules;

/** The module rules of ARCHITECTURE.md for the MQTT client: {@link MqttClients} is the bridge. */
@AnalyzeClasses(
    packages = "io.dsm.mqtt.client",
    importOptions = ImportOption.DoNotIncludeTests.class)
class MqttClientArchitectureTest {

  /** No package cycles; nothing outside an internal package uses one (ARCHITECTURE rule 3). */
  @ArchTest
  static final ArchRule moduleRules = ArchitectureRules.moduleRules(MqttClients.class.getName());

  /** The connector's own client stands alone: no HiveMQ client, no Danube. */
  @ArchTest
  static final ArchRule noOtherMqttClientNorDanube =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.hivemq..", "io.dsm.danube..", "io.dsm.connector..");
}
