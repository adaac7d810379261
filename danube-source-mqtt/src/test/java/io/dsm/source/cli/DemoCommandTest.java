/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.runtime.cli.ExitCodes;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad demo options end with a usage error before anything is started. */
class DemoCommandTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--rate|0|--rate must be in (0, 1000]",
        "--rate|5000|--rate must be in (0, 1000]",
        "--mqtt-port|70000|--mqtt-port must be in [0, 65535]",
        "--metrics-port|-1|--metrics-port must be in [0, 65535]",
        "--duration|10|'10' is not a positive duration",
        "--log-level|loud|--log-level must be one of"
      })
  void badOptionIsAUsageError(String option, String value, String message) {
    MainTest.Result result = MainTest.run(Map.of(), "demo", option, value);

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains(message).contains(Main.TRY_HELP);
    assertThat(result.out()).doesNotContain("starting");
  }

  @ParameterizedTest
  @CsvSource({"--help", "-h"})
  void helpDescribesTheTestBroker(String flag) {
    MainTest.Result result = MainTest.run(Map.of(), "demo", flag);

    assertThat(result.code()).isEqualTo(ExitCodes.OK);
    assertThat(result.out().replaceAll("\\s+", " "))
        .contains("in-memory Danube TEST broker from danube-testkit (not a production Danube")
        .contains("--duration=DURATION");
  }
}
