/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.connector.health.ConnectorHealth.Phase;
import io.dsm.connector.internal.IntakeWindow;
import io.dsm.mqtt.client.InboundPublish;
import io.dsm.mqtt.client.PublishProperties;
import io.dsm.runtime.http.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectorHealthTest {
  private final AtomicLong now = new AtomicLong();
  private final IntakeWindow window = new IntakeWindow(10, 1 << 20, 10, now::get);
  private final MqttConnectionTracker mqtt = new MqttConnectionTracker(List.of("a/#", "b/+"));
  private final ConnectorHealth health =
      new ConnectorHealth("mqtt:1883", mqtt, window, Duration.ofSeconds(10), 2);

  private void runningAndConnected() {
    health.producersCreated(2);
    mqtt.connected(false);
    mqtt.subscribed("a/#", 1);
    mqtt.subscribed("b/+", 0);
    health.phase(Phase.RUNNING);
  }

  @Test
  void readyOnlyWhenRunningWithAllProducersAndEveryFilterGranted() {
    assertThat(health.readiness().reason()).isEqualTo("connector is starting");
    health.producersCreated(1);
    health.phase(Phase.RUNNING);
    assertThat(health.readiness().reason()).isEqualTo("Danube producers created: 1 of 2");
    health.producersCreated(2);
    assertThat(health.readiness().reason()).isEqualTo("MQTT broker mqtt:1883 not connected");
    mqtt.connected(false);
    mqtt.subscribed("a/#", 1);
    mqtt.subscribed("b/+", -1); // refused
    assertThat(health.readiness().reason()).isEqualTo("MQTT subscription not granted for [b/+]");
    mqtt.subscribed("b/+", 0);
    assertThat(health.readiness().ok()).isTrue();
    assertThat(health.healthy()).isTrue();
  }

  @Test
  void aLostConnectionIsNotReadyWithItsCauseAndAReconnectWithoutSessionNeedsNewSubscriptions() {
    runningAndConnected();
    mqtt.disconnected("connection refused");
    mqtt.connectFailed("connection refused");
    HealthCheck down = health.readiness();
    assertThat(down.reason()).isEqualTo("MQTT broker mqtt:1883 not connected (connection refused)");
    assertThat(down.details())
        .containsEntry("mqtt_connected", false)
        .containsEntry("mqtt_subscribed", false);
    assertThat(health.liveness().ok()).as("a lost broker is not a liveness failure").isTrue();
    assertThat(health.healthy()).isFalse();

    mqtt.connected(false); // a new session: the old grants are gone
    assertThat(health.readiness().reason()).contains("not granted for [a/#, b/+]");
    mqtt.subscribed("a/#", 1);
    mqtt.subscribed("b/+", 0);
    assertThat(health.readiness().ok()).isTrue();
    mqtt.disconnected("keep-alive timeout");
    mqtt.connected(true); // the session survived: its subscriptions still hold
    assertThat(health.readiness().ok()).isTrue();
    assertThat(mqtt.reconnects()).isEqualTo(2);
    assertThat(mqtt.connectionLosses()).isEqualTo(2);
    assertThat(mqtt.connectFailures()).isEqualTo(1);
  }

  @Test
  void livenessFailsOnlyWhenMessagesWaitLongerThanTheStallTimeoutOrTheConnectorFailed() {
    runningAndConnected();
    window.tryAdmit(1, 1);
    now.addAndGet(TimeUnit.SECONDS.toNanos(10));
    assertThat(health.liveness().ok()).as("exactly the timeout").isTrue();
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1500));
    HealthCheck stalled = health.liveness();
    assertThat(stalled.ok()).isFalse();
    assertThat(stalled.reason())
        .isEqualTo(
            "pipeline stalled: 1 message(s) waiting for Danube and none acknowledged for 11.5 s"
                + " (stall timeout 10.0 s)");
    assertThat(health.healthy()).isFalse();
    window.finish(
        new InboundPublish(
            "a/b", new byte[1], 1, false, false, 1, PublishProperties.NONE, 1, false, 1, 0, null));
    assertThat(health.liveness().ok()).isTrue();

    health.failed("java.lang.IllegalStateException: MQTT message flow ended");
    health.phase(Phase.STOPPED); // a failure is final
    assertThat(health.liveness().reason())
        .isEqualTo("connector failed: java.lang.IllegalStateException: MQTT message flow ended");
    assertThat(health.readiness().ok()).isFalse();
  }

  @Test
  void jsonBodyCarriesStatusReasonAndChecksWithEscaping() throws Exception {
    HealthCheck c =
        new HealthCheck(
            false, "broker said \"no\"\nnext line \\ tab\t\u0001", Map.of("mqtt_connected", false));
    JsonNode json = new ObjectMapper().readTree(c.toJson("iot \"x\""));
    assertThat(json.get("status").asText()).isEqualTo("DOWN");
    assertThat(json.get("connector").asText()).isEqualTo("iot \"x\"");
    assertThat(json.get("reason").asText())
        .isEqualTo("broker said \"no\"\nnext line \\ tab\t\u0001");
    assertThat(json.get("checks").get("mqtt_connected").asBoolean()).isFalse();

    JsonNode up =
        new ObjectMapper()
            .readTree(new HealthCheck(true, null, Map.of("stalled_seconds", 0.25)).toJson("c"));
    assertThat(up.get("status").asText()).isEqualTo("UP");
    assertThat(up.has("reason")).isFalse();
    assertThat(up.get("checks").get("stalled_seconds").asDouble()).isEqualTo(0.25);
  }
}
