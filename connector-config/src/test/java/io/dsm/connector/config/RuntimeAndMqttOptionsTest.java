/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static io.dsm.connector.config.ConfigLoaderTest.SEED;
import static io.dsm.connector.config.ConfigLoaderTest.load;
import static io.dsm.connector.config.ConfigLoaderTest.problemsOf;
import static io.dsm.connector.config.ConfigLoaderTest.seedWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings added for MQTT 5 sessions, ordering, memory, the ops server and Danube admin. */
class RuntimeAndMqttOptionsTest {

  @Test
  void defaults() throws Exception {
    ConnectorSettings s = load(SEED).settings();
    assertThat(s.mqtt().sessionExpirySecs()).isZero();
    assertThat(s.mqtt().retainHandling()).isEqualTo(RetainHandling.SEND);
    assertThat(s.mqtt().deadLetterTopic()).isNull();
    assertThat(s.runtime().ordering()).isEqualTo(Ordering.PER_TOPIC);
    assertThat(s.runtime().maxInFlightBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(s.runtime().metricsBindAddress()).isEqualTo("0.0.0.0");
    assertThat(s.danube().adminUrl()).isNull();
    assertThat(s.danube().createNamespaces()).isFalse();
    assertThat(s.routes()).allMatch(r -> r.sharedGroup() == null && r.deadLetterTopic() == null);
  }

  @Test
  void everyNewVariableIsRead() throws Exception {
    ConnectorSettings s =
        load(seedWith(
                "MQTT_PROTOCOL_VERSION=5;MQTT_CLEAN_SESSION=false;MQTT_SESSION_EXPIRY_SECS=3600;"
                    + "MQTT_RETAIN_HANDLING=send-new;ORDERING=NONE;MAX_IN_FLIGHT_BYTES=1048576;"
                    + "METRICS_BIND_ADDRESS=127.0.0.1;DANUBE_ADMIN_URL=http://danube:50051;"
                    + "DANUBE_CREATE_NAMESPACES=true;DEAD_LETTER_TOPIC=/iot/dead;"
                    + "MQTT_SHARED_GROUP=replicas"))
            .settings();
    assertThat(s.mqtt().sessionExpirySecs()).isEqualTo(3600);
    assertThat(s.mqtt().retainHandling()).isEqualTo(RetainHandling.SEND_NEW);
    assertThat(s.mqtt().retainHandling().mqttValue()).isEqualTo(1);
    assertThat(s.mqtt().deadLetterTopic()).isEqualTo("/iot/dead");
    assertThat(s.runtime().ordering()).isEqualTo(Ordering.NONE);
    assertThat(s.runtime().maxInFlightBytes()).isEqualTo(1_048_576);
    assertThat(s.runtime().metricsBindAddress()).isEqualTo("127.0.0.1");
    assertThat(s.danube().adminUrl()).isEqualTo("http://danube:50051");
    assertThat(s.danube().createNamespaces()).isTrue();
    assertThat(s.routes())
        .extracting(
            r ->
                r.subscription().text() + " " + r.from() + " " + r.to() + " " + r.deadLetterTopic())
        .containsExactly(
            "$share/replicas/sensors/# sensors/# /mqtt/sensors_all /iot/dead",
            "$share/replicas/devices/+/data devices/+/data /mqtt/devices_any_data /iot/dead");
  }

  @Test
  void sessionExpiryDefaultFollowsCleanSessionAndSaysSo() throws Exception {
    LoadedConfig config = load(seedWith("MQTT_PROTOCOL_VERSION=5;MQTT_CLEAN_SESSION=false"));
    assertThat(config.settings().mqtt().sessionExpirySecs()).isEqualTo(4_294_967_295L);
    assertThat(config.effective().entry(Settings.MQTT_SESSION_EXPIRY_SECS))
        .extracting(e -> e.value() + " (" + e.source() + ")")
        .isEqualTo("4294967295 (default (MQTT_CLEAN_SESSION=false))");
    assertThat(config.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MQTT_SESSION_EXPIRY_SECS=60 | MQTT_SESSION_EXPIRY_SECS is set but has no effect with MQTT"
            + " 3.1.1 (MQTT_PROTOCOL_VERSION=3); the broker keeps a session with"
            + " MQTT_CLEAN_SESSION=false until its own expiry",
        "MQTT_PROTOCOL_VERSION=5;MQTT_SESSION_EXPIRY_SECS=60 | MQTT_SESSION_EXPIRY_SECS=60 with"
            + " MQTT_CLEAN_SESSION=true: every connect starts a new session, so the session kept"
            + " after a disconnect is never resumed",
        "MQTT_PROTOCOL_VERSION=5;MQTT_CLEAN_SESSION=false;MQTT_SESSION_EXPIRY_SECS=0 |"
            + " MQTT_SESSION_EXPIRY_SECS=0 with MQTT_CLEAN_SESSION=false: the broker drops the"
            + " session at each disconnect, so messages published while the connector is away are"
            + " not kept",
      })
  void sessionExpiryThatCannotWorkAsMeantIsWarnedAbout(String overrides, String warning)
      throws Exception {
    assertThat(load(seedWith(overrides)).warnings()).containsExactly(warning);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MQTT_SESSION_EXPIRY_SECS=4294967296 | MQTT_SESSION_EXPIRY_SECS (env): \"4294967296\" is out"
            + " of range [0, 4294967295]",
        "MQTT_RETAIN_HANDLING=never | MQTT_RETAIN_HANDLING (env): \"never\" is not one of send,"
            + " send-new, none",
        "ORDERING=strict | ORDERING (env): \"strict\" is not one of per_topic, none",
        "MAX_IN_FLIGHT_BYTES=0 | MAX_IN_FLIGHT_BYTES (env): \"0\" is out of range [1,"
            + " 1099511627776]",
        "METRICS_BIND_ADDRESS=no-such-host.invalid | METRICS_BIND_ADDRESS (env):"
            + " \"no-such-host.invalid\" is neither an IP address nor a host name that resolves on"
            + " this machine",
        "METRICS_BIND_ADDRESS=127.0.0.1:9090 | METRICS_BIND_ADDRESS (env): \"127.0.0.1:9090\""
            + " contains a port; give the address only and the port in METRICS_PORT",
        "METRICS_BIND_ADDRESS=http://x | METRICS_BIND_ADDRESS (env): \"http://x\" is not an IP"
            + " address or host name",
        "DANUBE_CREATE_NAMESPACES=true | DANUBE_CREATE_NAMESPACES (env): is true but"
            + " DANUBE_ADMIN_URL is not set; namespaces are created through Danube's admin API",
        "DANUBE_ADMIN_URL=danube:50051 | DANUBE_ADMIN_URL (env): \"danube:50051\" is not a Danube"
            + " admin URL; expected http://host:port or https://host:port",
        "DEAD_LETTER_TOPIC=/iot/dead/x | DEAD_LETTER_TOPIC (env): \"/iot/dead/x\" is not a Danube"
            + " topic; expected /namespace/topic using letters, digits, '_' or '-'",
        "DEAD_LETTER_TOPIC=/mqtt/sensors_all | DEAD_LETTER_TOPIC (env): /mqtt/sensors_all is also"
            + " the target of MQTT_TOPICS; undeliverable messages would mix with the data, pick a"
            + " topic of its own",
        "MQTT_SHARED_GROUP=a/b | MQTT_SHARED_GROUP (env): \"a/b\" contains '/', which a group name"
            + " must not",
        "MQTT_SHARED_GROUP=g+ | MQTT_SHARED_GROUP (env): \"g+\" contains a wildcard ('+' or '#'),"
            + " which a group name must not",
        "MQTT_TOPICS=$share//a | MQTT_TOPICS (env): \"$share//a\" is not a valid MQTT topic"
            + " filter; the shared subscription group is empty",
        "MQTT_TOPICS=$share/g | MQTT_TOPICS (env): \"$share/g\" is not a valid MQTT topic filter; a"
            + " shared subscription is $share/<group>/<filter>; the '/' after the group name is"
            + " missing",
        "MQTT_TOPICS=$share/g/ | MQTT_TOPICS (env): \"$share/g/\" is not a valid MQTT topic filter;"
            + " the filter after the shared subscription group is empty",
        "MQTT_TOPICS=$share/a/x;MQTT_SHARED_GROUP=b | MQTT_TOPICS (env): \"$share/a/x\" is already"
            + " in the shared group a, but MQTT_SHARED_GROUP (env) puts every filter in b; drop one"
            + " of the two",
      })
  void reportsEachBadNewSetting(String overrides, String expected) {
    assertThat(problemsOf(seedWith(overrides), Map.of())).containsExactly(expected);
  }

  @Test
  void sharedSubscriptionsInTopicsRouteAndDeriveOnTheFilter() throws Exception {
    ConnectorSettings s = load(seedWith("MQTT_TOPICS=$share/g/sensors/#,plain/+")).settings();
    assertThat(s.routes())
        .extracting(r -> r.subscription().text() + " -> " + r.to())
        .containsExactly("$share/g/sensors/# -> /mqtt/sensors_all", "plain/+ -> /mqtt/plain_any");
    assertThat(s.routes().get(0).from()).isEqualTo("sensors/#");
  }

  @Test
  void theSameFilterInTwoGroupsIsStillADuplicate() {
    assertThat(problemsOf(seedWith("MQTT_TOPICS=$share/g/a,$share/h/a"), Map.of()))
        .containsExactly(
            "MQTT_TOPICS (env): \"a\" is listed twice; only the first matching route is used");
  }

  @Test
  void bindAddressAcceptsIpv6AndResolvableNames() throws Exception {
    assertThat(load(seedWith("METRICS_BIND_ADDRESS=::")).settings().runtime().metricsBindAddress())
        .isEqualTo("::");
    assertThat(
            load(seedWith("METRICS_BIND_ADDRESS=[::1]")).settings().runtime().metricsBindAddress())
        .isEqualTo("::1");
    assertThat(
            load(seedWith("METRICS_BIND_ADDRESS=localhost"))
                .settings()
                .runtime()
                .metricsBindAddress())
        .isEqualTo("localhost");
  }

  @Test
  void dynamicProducerCacheFromEnvironmentAndToml(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    assertThat(load(SEED).settings().runtime().dynamicProducerCache())
        .isEqualTo(RuntimeSettings.DEFAULT_DYNAMIC_PRODUCER_CACHE);
    assertThat(
            load(seedWith("DYNAMIC_PRODUCER_CACHE=5")).settings().runtime().dynamicProducerCache())
        .isEqualTo(5);
    Path toml =
        java.nio.file.Files.writeString(
            dir.resolve("connector.toml"), "[runtime]\ndynamic_producer_cache = 7\n");
    assertThat(
            load(seedWith("CONNECTOR_CONFIG_PATH=" + toml))
                .settings()
                .runtime()
                .dynamicProducerCache())
        .isEqualTo(7);
    assertThat(ConfigLoaderTest.problemsOf(seedWith("DYNAMIC_PRODUCER_CACHE=0"), Map.of()))
        .singleElement()
        .asString()
        .startsWith("DYNAMIC_PRODUCER_CACHE (env)");
  }
}
