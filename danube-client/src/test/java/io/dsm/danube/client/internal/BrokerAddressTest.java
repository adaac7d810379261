/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerAddressTest {
  @Test
  void parsesSchemeHostAndPort() {
    BrokerAddress.HostPort hp = BrokerAddress.HostPort.parse("https://Broker.example:7000");
    assertThat(hp.host()).isEqualTo("Broker.example");
    assertThat(hp.port()).isEqualTo(7000);
    assertThat(hp.https()).isTrue();
  }

  @Test
  void defaultsSchemeAndPort() {
    BrokerAddress.HostPort hp = BrokerAddress.HostPort.parse("127.0.0.1");
    assertThat(hp.port()).isEqualTo(6650);
    assertThat(hp.https()).isFalse();
    assertThat(hp.toString()).isEqualTo("127.0.0.1:6650");
  }

  @Test
  void schemeIsCaseInsensitiveUnderAnyLocale() {
    assertThat(BrokerAddress.HostPort.parse("HTTPS://h:1").https()).isTrue();
  }

  @Test
  void rejectsOtherSchemesAndMissingHost() {
    assertThatThrownBy(() -> BrokerAddress.HostPort.parse("ftp://h:1"))
        .hasMessageContaining("ftp://h:1")
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> BrokerAddress.HostPort.parse("http://:6650"))
        .hasMessageContaining("no host");
  }
}
