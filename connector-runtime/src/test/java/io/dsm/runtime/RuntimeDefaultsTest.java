/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuntimeDefaultsTest {
  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void save() {
    RuntimeDefaults.DEFAULTS.keySet().forEach(k -> saved.put(k, System.getProperty(k)));
  }

  @AfterEach
  void restore() {
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
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
