/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.metrics.BuildInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --version} says which build runs: the project version and the git commit. */
class VersionTest {

  @Test
  void versionPrintsTheProjectVersionAndTheCommit() {
    MainTest.Result result = MainTest.run(Map.of(), "--version");
    BuildInfo build = BuildInfo.current();

    assertThat(result.code()).isEqualTo(ExitCodes.OK);
    assertThat(build.version()).isNotEqualTo("unknown"); // the Maven build wrote build-info
    assertThat(result.out())
        .startsWith("danube-source-mqtt " + build.version() + System.lineSeparator())
        .contains("commit " + build.commit())
        .doesNotContain(" dev");
  }
}
