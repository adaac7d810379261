/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTemplateTest {

  private static Map<String, String> attributes(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  @Test
  void aDynamicRouteRendersTargetAttributesAndKey() {
    RouteTemplate route =
        RouteTemplate.of(
            "plants/+/lines/+/#",
            "/iot/plant_$1",
            attributes("plant", "$1", "line", "line-$2", "rest", "$3"),
            RoutingKey.parse("$2"));

    RouteTemplate.Resolution r = route.resolve("plants/north.1/lines/7/temp/avg");

    assertThat(r.danubeTopic()).isEqualTo("/iot/plant_north-1");
    assertThat(r.failure()).isNull();
    // Attributes keep the captures as received; only names are sanitised.
    assertThat(r.attributes())
        .containsExactly(
            Map.entry("plant", "north.1"),
            Map.entry("line", "line-7"),
            Map.entry("rest", "temp/avg"));
    assertThat(r.routingKey()).isEqualTo("7");
    assertThat(route.dynamicTarget()).isTrue();
  }

  @Test
  void aStaticRouteKeepsItsTargetAndTheTopicAsKey() {
    RouteTemplate route = RouteTemplate.of("sensors/#", "/iot/sensors", Map.of(), RoutingKey.TOPIC);
    RouteTemplate.Resolution r = route.resolve("sensors/t1");
    assertThat(r)
        .isEqualTo(new RouteTemplate.Resolution("/iot/sensors", null, Map.of(), "sensors/t1"));
    assertThat(route.dynamicTarget()).isFalse();
    assertThat(RouteTemplate.of("a", "/x/a", Map.of(), RoutingKey.NONE).resolve("a").routingKey())
        .isNull();
  }

  @Test
  void anUnrenderableTargetIsAFailureNotAnException() {
    RouteTemplate route = RouteTemplate.of("d/+", "/iot/$1", Map.of(), RoutingKey.TOPIC);
    RouteTemplate.Resolution r = route.resolve("d/");
    assertThat(r.danubeTopic()).isNull();
    assertThat(r.failure()).startsWith("target \"/iot/$1\" rendered \"/iot/\"");
    assertThat(r.routingKey()).isEqualTo("d/");
  }

  @Test
  void templatesBeyondTheWildcardsAreRefusedAtBuild() {
    assertThatThrownBy(
            () -> RouteTemplate.of("a/+", "/x/a", attributes("k", "$2"), RoutingKey.TOPIC))
        .hasMessage("\"$2\" uses $2 but the filter \"a/+\" has only 1 wildcard");
    assertThatThrownBy(() -> RouteTemplate.of("a/+", "/x/a", Map.of(), RoutingKey.parse("$3")))
        .hasMessage("\"$3\" uses $3 but the filter \"a/+\" has only 1 wildcard");
    assertThatThrownBy(() -> RouteTemplate.of("a/+", "/x/$2", Map.of(), RoutingKey.TOPIC))
        .hasMessage("\"/x/$2\" uses $2 but the filter \"a/+\" has only 1 wildcard");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"topic, topic", "TOPIC, topic", "none, none", "$1, $1", "$9, $9"})
  void routingKeyParses(String text, String shown) {
    assertThat(RoutingKey.parse(text)).hasToString(shown);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"$0", "$10", "key", "''", "1"})
  void routingKeyRefuses(String text) {
    assertThatThrownBy(() -> RoutingKey.parse(text))
        .hasMessage("\"" + text + "\" is not a routing key; expected topic, none or $1 to $9");
  }
}
