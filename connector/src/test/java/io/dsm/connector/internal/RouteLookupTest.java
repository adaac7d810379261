/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.RouteSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteLookupTest {

  @Test
  void firstMatchingRouteWinsAndUnmatchedTopicsHaveNone() {
    RouteSettings specific = new RouteSettings("sensors/temp/#", "/iot/temp", 1, 0, true);
    RouteSettings general = new RouteSettings("sensors/#", "/iot/all", 1, 0, true);
    RouteSettings devices = new RouteSettings("devices/+/telemetry", "/iot/dev", 1, 0, true);
    RouteLookup lookup = RouteLookup.firstMatch(List.of(specific, general, devices));
    assertThat(lookup.route("sensors/temp/z1")).contains(specific);
    assertThat(lookup.route("sensors/hum")).contains(general);
    assertThat(lookup.route("devices/d1/telemetry")).contains(devices);
    assertThat(lookup.route("devices/d1/status")).isEmpty();
    assertThat(lookup.route("$SYS/sensors")).isEmpty();
  }
}
