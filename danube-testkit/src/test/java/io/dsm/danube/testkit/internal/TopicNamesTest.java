/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/default/topic, true",
    "/default/my_topic-1, true",
    "/default/, true",
    "//, true",
    "x/default/foo, true",
    "/ns/Ünïcödé, true",
    "/ns/٣, true",
    "default/foo, false",
    "/default/foo/bar, false",
    "/default/foo.bar, false",
    "'/default/a b', false",
    "/default/a:b, false",
    "/default/a+b, false",
    "/default/a#b, false",
  })
  void followsDanubesRule(String topic, boolean valid) {
    assertThat(TopicNames.isValid(topic)).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"/default/t, default", "x/iot/t, iot", "//, ''"})
  void namespaceIsAlwaysTheSecondPart(String topic, String namespace) {
    assertThat(TopicNames.namespaceOf(topic)).isEqualTo(namespace);
  }
}
