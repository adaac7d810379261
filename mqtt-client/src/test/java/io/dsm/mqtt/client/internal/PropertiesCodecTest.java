/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.mqtt.client.PublishProperties;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesCodecTest {
  @Test
  void userPropertiesAloneAreDecoded() {
    // Netty keeps user properties outside the map its isEmpty() checks.
    MqttProperties p = new MqttProperties();
    p.add(new MqttProperties.UserProperty("dsm.sink", "bridge"));
    PublishProperties decoded = PropertiesCodec.decode(p);
    assertThat(decoded.userProperties()).containsExactly(Map.entry("dsm.sink", "bridge"));
  }

  @Test
  void roundTripOfUserPropertiesOnly() {
    PublishProperties only =
        PublishProperties.ofUserProperties(List.of(Map.entry("a", "1"), Map.entry("a", "2")));
    assertThat(PropertiesCodec.decode(PropertiesCodec.encode(only)).userProperties())
        .containsExactly(Map.entry("a", "1"), Map.entry("a", "2"));
  }

  @Test
  void noPropertiesIsNone() {
    assertThat(PropertiesCodec.decode(new MqttProperties())).isSameAs(PublishProperties.NONE);
  }
}
