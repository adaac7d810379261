/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DefaultAdminClientTest {

  @Test
  void adminUrlWithoutPortUsesDanubesAdminPort() {
    assertThat(DefaultAdminClient.withDefaultPort("http://broker"))
        .isEqualTo("http://broker:50051");
    assertThat(DefaultAdminClient.withDefaultPort("https://broker"))
        .isEqualTo("https://broker:50051");
    assertThat(DefaultAdminClient.withDefaultPort("broker")).isEqualTo("http://broker:50051");
    assertThat(DefaultAdminClient.withDefaultPort("http://broker:9999"))
        .isEqualTo("http://broker:9999");
  }
}
