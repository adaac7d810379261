/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import static io.dsm.connector.TestSettings.route;
import static io.dsm.connector.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import io.dsm.testsupport.MosquittoProcess;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /ready} follows the MQTT broker: a real Mosquitto process is stopped and started again on
 * the same port while the connector runs, and the endpoint, read over HTTP, goes 503 and back to
 * 200.
 */
@Tag("interop")
@Timeout(90)
class ReadinessInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void readyGoes503WhileTheMqttBrokerIsDownAnd200AfterItReturns() throws Exception {
    try (MosquittoProcess mosquitto = MosquittoProcess.start();
        InMemoryDanubeBroker danube = InMemoryDanubeBroker.builder().start()) {
      ConnectorSettings s =
          OpsTestSupport.withOps(
              settings(
                  mosquitto.host(),
                  mosquitto.port(),
                  "ready-" + UUID.randomUUID().toString().substring(0, 8),
                  true,
                  danube.serviceUrl(),
                  16,
                  List.of(route("rd/#", "/rd/t", 1))),
              Duration.ofSeconds(60));
      TestSettings.createNamespaces(danube, s);
      try (MqttSourceConnector c = OpsTestSupport.connector(s)) {
        c.start();
        OpsClient ops = OpsTestSupport.ops(c);
        assertThat(ops.get("/ready").status()).isEqualTo(200);

        mosquitto.stop();
        await().atMost(WAIT).until(() -> ops.get("/ready").status() == 503);
        JsonNode down = new ObjectMapper().readTree(ops.get("/ready").body());
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(down.get("reason").asText())
            .startsWith("MQTT broker 127.0.0.1:" + mosquitto.port() + " not connected");
        assertThat(down.path("checks").path("mqtt_connected").asBoolean()).isFalse();
        OpsClient.Scrape whileDown = ops.scrape();
        assertThat(whileDown.value("danube_connector_mqtt_connected")).isZero();
        assertThat(whileDown.value("danube_connector_ready")).isZero();
        assertThat(whileDown.value("danube_connector_health")).isZero();
        assertThat(whileDown.value("danube_connector_mqtt_connection_losses_total")).isEqualTo(1);
        // Losing the broker is not a liveness failure: nothing waits for Danube.
        assertThat(ops.get("/health").status()).isEqualTo(200);
        await()
            .atMost(WAIT)
            .until(() -> ops.scrape().value("danube_connector_mqtt_connect_failures_total") >= 1);

        mosquitto.restart(); // stop is a no-op now; starts it on the same port
        await().atMost(WAIT).until(() -> ops.get("/ready").status() == 200);
        OpsClient.Scrape back = ops.scrape();
        assertThat(back.value("danube_connector_mqtt_connected")).isEqualTo(1);
        assertThat(back.value("danube_connector_mqtt_subscribed")).isEqualTo(1);
        assertThat(back.value("danube_connector_mqtt_reconnects_total")).isEqualTo(1);
        assertThat(back.value("danube_connector_health")).isEqualTo(1);

        // And messages flow again (the clean session was subscribed anew).
        try (TestPublisher pub = new TestPublisher(mosquitto.host(), mosquitto.port())) {
          pub.publish("rd/x", "after", 1);
        }
        danube.topic("/rd/t").awaitMessages(1, WAIT);
        await()
            .atMost(WAIT)
            .until(() -> ops.scrape().value("danube_connector_messages_processed_total") == 1);
      }
    }
  }
}
