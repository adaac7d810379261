/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing tool skips an interop test locally and fails it where interop is required (CI). */
class ExternalToolTest {
  private static final String ABSENT = "no-such-tool-for-dsm-tests";
  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(ExternalTool.INTEROP_REQUIRED);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(ExternalTool.INTEROP_REQUIRED);
    } else {
      System.setProperty(ExternalTool.INTEROP_REQUIRED, saved);
    }
  }

  @Test
  void aMissingToolSkipsTheTest() {
    System.setProperty(ExternalTool.INTEROP_REQUIRED, "false");

    assertThat(ExternalTool.find(ABSENT)).isEmpty();
    assertThatThrownBy(() -> ExternalTool.requireForTest(ABSENT))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(ABSENT + " is not installed");
  }

  @Test
  void aMissingToolFailsTheTestWhenInteropIsRequired() {
    System.setProperty(ExternalTool.INTEROP_REQUIRED, "true");

    assertThatThrownBy(() -> ExternalTool.requireForTest(ABSENT))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(ABSENT + " not found")
        .hasMessageContaining("interop.required=true");
  }

  @Test
  void findsToolsOnThePath() {
    assertThat(ExternalTool.find("sh")).isPresent();
  }
}
