/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.TlsConfig;
import org.junit.jupiter.api.Test;

class DefaultDanubeClientTest {

  @Test
  void tokenWithoutTlsIsRefusedAtCreation() {
    DanubeClientConfig cfg =
        DanubeClientConfig.of("http://127.0.0.1:6650").withToken("eyJhbGciOiJIUzI1NiJ9.e30.x");
    assertThatThrownBy(() -> DanubeClients.create(cfg))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token")
        .hasMessageContaining("TLS")
        .hasMessageNotContaining("eyJ");
  }

  @Test
  void tokenWithHttpsUrlIsAccepted() {
    DanubeClientConfig cfg = DanubeClientConfig.of("https://127.0.0.1:6650").withToken("t");
    try (DanubeClient client = DanubeClients.create(cfg)) {
      assertThat(client.config()).isSameAs(cfg);
    }
  }

  @Test
  void missingCaFileIsReportedWithItsName() {
    DanubeClientConfig cfg =
        DanubeClientConfig.of("http://127.0.0.1:6650")
            .withTls(new TlsConfig(true, java.nio.file.Path.of("/nonexistent/ca.pem"), null, null));
    assertThatThrownBy(() -> DanubeClients.create(cfg))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ca.pem");
  }

  @Test
  void closeIsIdempotent() {
    DanubeClient client = DanubeClients.create(DanubeClientConfig.of("http://127.0.0.1:1"));
    client.close();
    client.close();
    assertThatThrownBy(() -> client.topicPartitions("/default/t"))
        .isInstanceOf(IllegalStateException.class);
  }
}
