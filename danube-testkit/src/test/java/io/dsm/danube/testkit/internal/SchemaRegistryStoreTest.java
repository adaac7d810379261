/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.danube.testkit.internal.SchemaStore.CompatibilityMode;
import io.dsm.danube.testkit.internal.SchemaStore.Registration;
import io.dsm.danube.testkit.internal.SchemaStore.SchemaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchemaRegistryStoreTest {
  private static final String V1 =
      "{\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"number\"},"
          + "\"unit\":{\"type\":\"string\"}},\"required\":[\"temp\"]}";

  private final SchemaStore store = new SchemaStore();

  private Registration register(String subject, String type, String definition) {
    return store.register(
        subject, type, definition.getBytes(StandardCharsets.UTF_8), "", "", List.of());
  }

  @Test
  void fingerprintIsSha256OfSerdesSortedCompactJson() {
    // Expected value computed independently: sha256 of
    // {"properties":{"temp":{"type":"number"},"unit":{"type":"string"}},"required":["temp"],"type":"object"}
    assertThat(register("s", "json_schema", V1).fingerprint())
        .isEqualTo("sha256:03aedecaef35415ac282672c03f34925a72ba3e6b10e103fbc5614f97961a2a8");
  }

  @Test
  void canonicalJsonMatchesSerdeForNumbersAndEscapes() throws Exception {
    String input = "{\"b\":\"\u00e9\\n\\u0001/\",\"a\":[1,2.5,1e21,0.0001,-0.0,100.0,1.5e-7]}";

    String canonical = SchemaStore.CanonicalJson.write(new ObjectMapper().readTree(input));

    assertThat(canonical)
        .isEqualTo("{\"a\":[1,2.5,1e21,0.0001,-0.0,100.0,1.5e-7],\"b\":\"\u00e9\\n\\u0001/\"}");
  }

  @Test
  void schemaIdsArePerSubjectFromOneAndSharedByVersions() {
    register("a", "json", V1);
    register("b", "string", "");
    Registration a2 =
        register("a", "json", V1.replace("\"unit\":{\"type\":\"string\"}", "\"unit\":{}"));

    assertThat(a2.schemaId()).isEqualTo(1);
    assertThat(a2.version()).isEqualTo(2);
    assertThat(store.latestSchemaId("a")).contains(1L);
    assertThat(store.latestSchemaId("b")).contains(2L);
    assertThat(store.latestSchemaId("c")).isEmpty();
    assertThat(store.subjectExists("b")).isTrue();
    assertThat(store.subjectExists("c")).isFalse();
    assertThat(store.schemaIdExists(2)).isTrue();
    assertThat(store.schemaIdExists(3)).isFalse();
  }

  @Test
  void fullModeAppliesBackwardThenForward() {
    register("s", "json", V1);
    store.setCompatibilityMode("s", CompatibilityMode.FULL);
    String addsRequired =
        "{\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"number\"},"
            + "\"unit\":{\"type\":\"string\"},\"room\":{}},\"required\":[\"temp\",\"room\"]}";

    assertThatThrownBy(() -> register("s", "json", addsRequired))
        .isInstanceOf(SchemaException.class)
        .hasMessage(
            "Schema is not compatible with subject 's' (mode: Full): "
                + "Forward incompatible: added new required field 'room'");
  }

  @Test
  void typeAliasesAreCaseInsensitive() {
    assertThat(SchemaStore.Kind.parse("INT64")).contains(SchemaStore.Kind.NUMBER);
    assertThat(SchemaStore.Kind.parse("Proto")).contains(SchemaStore.Kind.PROTOBUF);
    assertThat(SchemaStore.Kind.parse("JSON")).contains(SchemaStore.Kind.JSON_SCHEMA);
    assertThat(SchemaStore.Kind.parse("yaml")).isEqualTo(Optional.empty());
  }

  @Test
  void concurrentRegistrationsNeverDuplicateVersionsOrIds() throws Exception {
    int threads = 8;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "schema-store-test");
              t.setDaemon(true);
              return t;
            });
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Registration>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        String subject = "s" + (i % 4);
        String field = "f" + (i / 4);
        String schema = "{\"type\":\"object\",\"properties\":{\"" + field + "\":{}}}";
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return register(subject, "json", schema);
                }));
      }
      go.countDown();
      List<Registration> registrations = new ArrayList<>();
      for (Future<Registration> f : results) {
        registrations.add(f.get(10, TimeUnit.SECONDS));
      }

      for (int s = 0; s < 4; s++) {
        String subject = "s" + s;
        long id = store.latestSchemaId(subject).orElseThrow();
        assertThat(store.subject(subject).orElseThrow().versions())
            .extracting(SchemaStore.Version::version)
            .containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 16).boxed().toList());
        assertThat(id).isBetween(1L, 4L);
      }
      assertThat(registrations).allMatch(Registration::isNewVersion);
    } finally {
      pool.shutdownNow();
    }
  }
}
