/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuntimeDefaultsTest {
  /** Every system property as it was before the test, put back after it. */
  private final Properties saved = (Properties) System.getProperties().clone();

  @AfterEach
  void restore() {
    System.setProperties(saved);
  }

  @Test
  void setsEveryUnsetPropertyAndKeepsWhatTheOperatorSet() {
    RuntimeDefaults.DEFAULTS.keySet().forEach(System::clearProperty);
    System.setProperty("io.netty.leakDetection.level", "paranoid");

    RuntimeDefaults.apply();

    assertThat(System.getProperty("io.netty.leakDetection.level")).isEqualTo("paranoid");
    assertThat(System.getProperty("io.grpc.netty.shaded.io.netty.leakDetection.level"))
        .isEqualTo("disabled");
  }
}
