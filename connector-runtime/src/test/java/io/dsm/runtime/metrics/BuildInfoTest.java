/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

  @Test
  void theBuildRecordsTheProjectVersionAndACommitOrUnknown() {
    BuildInfo build = BuildInfo.current();

    // Written by connector-runtime/pom.xml (build-info) into the classes this test runs against.
    assertThat(BuildInfo.class.getResource(BuildInfo.RESOURCE)).isNotNull();
    assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
    assertThat(build.commit()).matches("[0-9a-f]{7,40}|unknown");
  }

  @Test
  void placeholdersAndMissingKeysBecomeUnknown() throws Exception {
    BuildInfo build = BuildInfo.parse(new StringReader("version=${project.version}\n"));

    assertThat(build).isEqualTo(new BuildInfo("unknown", "unknown"));
  }

  @Test
  void describeShortensTheCommit() throws Exception {
    BuildInfo build =
        BuildInfo.parse(
            new StringReader("version=1.2.3\ncommit=0123456789abcdef0123456789abcdef01234567\n"));

    assertThat(build.describe()).isEqualTo("1.2.3 (commit 0123456789ab)");
    assertThat(new BuildInfo("1.2.3", "unknown").describe()).isEqualTo("1.2.3 (commit unknown)");
  }
}
