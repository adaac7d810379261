/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.bench.BenchConfig.Phase;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchConfigTest {
  private static BenchConfig parse(String... args) {
    BenchMain main = new BenchMain();
    new CommandLine(main).parseArgs(args);
    return main.config();
  }

  @Test
  void theHotTopicPhasesRunOnlyWhenAskedFor() {
    assertThat(parse().phases()).containsExactlyElementsOf(Phase.DEFAULTS);
    assertThat(parse("--phases", "connector,hot-per-topic,hot-none").phases())
        .containsExactly(Phase.CONNECTOR, Phase.HOT_PER_TOPIC, Phase.HOT_NONE);
    assertThat(Phase.HOT_NONE.hotTopic()).isTrue();
    assertThat(Phase.HOT_NONE.runsConnector()).isTrue();
    assertThat(Phase.CONNECTOR.hotTopic()).isFalse();
    assertThat(Phase.RAW_MQTT.runsConnector()).isFalse();
  }

  @Test
  void orderingDefaultsToPerTopicAndAcceptsNone() {
    assertThat(parse().ordering()).isEqualTo("per_topic");
    assertThat(parse("--ordering", "NONE").ordering()).isEqualTo("none");
    assertThatThrownBy(() -> parse("--ordering", "random"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ordering must be per_topic or none");
  }
}
