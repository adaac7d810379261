/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import static io.dsm.danube.client.it.ItSupport.assertFailsWith;
import static io.dsm.danube.client.it.ItSupport.await;
import static io.dsm.danube.client.it.ItSupport.nonReliable;
import static io.dsm.danube.client.it.ItSupport.producer;
import static io.dsm.danube.client.it.ItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.SchemaInfo;
import io.dsm.danube.client.SchemaRef;
import io.dsm.danube.client.SchemaRegistryClient;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Schema registry calls and schema references on producers, against the testkit. */
@Timeout(30)
class SchemaRegistryIT extends ClientFixture {
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.perTest(b -> {});

  private static final String V1 =
      "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"number\"}}}";
  private static final String V2 =
      "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"number\"},\"u\":{\"type\":\"string\"}}}";

  @Test
  void registersDeduplicatesAndReadsBack() throws Exception {
    SchemaRegistryClient registry = client.schemaRegistry();
    assertThat(await(registry.latest("temps"))).isEmpty();

    SchemaInfo first = await(registry.registerJsonSchema("temps", V1));
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.newVersion()).isTrue();
    assertThat(first.fingerprint()).startsWith("sha256:");
    SchemaInfo again = await(registry.registerJsonSchema("temps", "  " + V1 + "\n"));
    assertThat(again.newVersion()).isFalse();
    assertThat(again.version()).isEqualTo(1);
    SchemaInfo second = await(registry.registerJsonSchema("temps", V2));
    assertThat(second.version()).isEqualTo(2);
    assertThat(second.schemaId()).isEqualTo(first.schemaId());

    SchemaInfo latest = await(registry.latest("temps")).orElseThrow();
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.subject()).isEqualTo("temps");
    assertThat(latest.schemaType()).isEqualTo("json_schema");
    assertThat(await(registry.get(first.schemaId(), 1)).version()).isEqualTo(1);
  }

  @Test
  void invalidSchemaIsRejectedWithTheSubjectNamed() throws Exception {
    assertFailsWith(
        client.schemaRegistry().registerJsonSchema("broken", "{not json"),
        DanubeException.class,
        e -> {
          assertThat(e.isRetriable()).isFalse();
          assertThat(e.getMessage()).contains("RegisterSchema").contains("subject broken");
        });
  }

  @Test
  void producerWithLatestSchemaStampsIdAndVersionOnEveryMessage() throws Exception {
    SchemaInfo v1 = await(client.schemaRegistry().registerJsonSchema("readings", V1));
    await(client.schemaRegistry().registerJsonSchema("readings", V2));
    try (DanubeProducer p =
        producer(
            client,
            nonReliable("/default/readings", "sp").withSchemaRef(SchemaRef.latest("readings")))) {
      send(p, "{\"t\":1}", null);
      send(p, "{\"t\":2}", "k");
    }
    assertThat(broker.topic("/default/readings").messages())
        .hasSize(2)
        .allSatisfy(
            m -> {
              assertThat(m.schemaId()).isEqualTo(v1.schemaId());
              assertThat(m.schemaVersion()).isEqualTo(2);
            });
    assertThat(broker.topic("/default/readings").schemaSubject()).hasValue("readings");
  }

  @Test
  void pinnedOlderVersionIsResolvedThroughGetSchema() throws Exception {
    await(client.schemaRegistry().registerJsonSchema("pinned", V1));
    await(client.schemaRegistry().registerJsonSchema("pinned", V2));
    try (DanubeProducer p =
        producer(
            client,
            nonReliable("/default/pinned", "pp").withSchemaRef(new SchemaRef("pinned", 1, 0)))) {
      send(p, "{\"t\":1}", null);
    }
    assertThat(broker.topic("/default/pinned").messages())
        .extracting(StoredMessage::schemaVersion)
        .containsExactly(1);
  }

  @Test
  void referenceBeyondTheLatestVersionOrToAnUnknownSubjectFailsCreation() throws Exception {
    await(client.schemaRegistry().registerJsonSchema("short", V1));
    assertFailsWith(
        client.createProducer(
            nonReliable("/default/short", "x").withSchemaRef(new SchemaRef("short", 3, 0))),
        DanubeException.class,
        e ->
            assertThat(e.getMessage())
                .contains("short")
                .contains("version 3")
                .contains("/default/short"));
    assertFailsWith(
        client.createProducer(
            nonReliable("/default/unknown-schema", "x")
                .withSchemaRef(SchemaRef.latest("never-registered"))),
        DanubeException.class,
        e -> {
          assertThat(e.isRetriable()).isFalse();
          assertThat(e.getMessage()).contains("/default/unknown-schema");
        });
  }
}
