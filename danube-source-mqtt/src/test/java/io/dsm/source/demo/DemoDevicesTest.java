/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsm.connector.routing.TopicFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The simulated devices' messages, made without a broker (an in-memory recorder takes them). */
class DemoDevicesTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

  /** Records what would have been sent to the MQTT broker. */
  static final class RecordingBroker implements DemoDevices.Broker {
    final List<String> retained = new ArrayList<>();

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> retain(String topic, byte[] payload) {
      retained.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(null);
    }
  }

  final PublishLedger ledger = new PublishLedger();
  final RecordingBroker broker = new RecordingBroker();
  final DemoDevices devices = new DemoDevices(broker, ledger, 2, CLOCK, 1);

  @Test
  void eachGroupPublishesOnlyToItsOwnRoute() {
    assertThat(devices.groups()).hasSameSizeAs(DemoRoute.ALL);
    for (int g = 0; g < DemoRoute.ALL.size(); g++) {
      DemoRoute route = DemoRoute.ALL.get(g);
      TopicFilter filter = TopicFilter.of(route.filter());
      assertThat(devices.groups().get(g))
          .isNotEmpty()
          .allSatisfy(
              d -> {
                assertThat(filter.matches(d.topic())).as(d.topic()).isTrue();
                // First match wins in the connector: no earlier route may take it.
                DemoRoute.ALL
                    .subList(0, DemoRoute.ALL.indexOf(route))
                    .forEach(
                        earlier ->
                            assertThat(TopicFilter.of(earlier.filter()).matches(d.topic()))
                                .isFalse());
              });
    }
  }

  @Test
  void jsonTelemetryIsValidAndCarriesSequenceAndTimestamp() throws Exception {
    ObjectMapper json = new ObjectMapper();
    long seq = 100;
    for (List<DemoDevices.Device> group : devices.groups()) {
      for (DemoDevices.Device device : group) {
        if (device.topic().endsWith("/vibration")) {
          continue;
        }
        JsonNode node = json.readTree(device.payload().apply(++seq));
        assertThat(node.get("seq").asLong()).as(device.topic()).isEqualTo(seq);
        assertThat(node.get("ts").asLong()).isEqualTo(CLOCK.millis());
      }
    }
  }

  @Test
  void vibrationFrameIsBinaryWithMagicSequenceAndEightSamples() {
    DemoDevices.Device vibration =
        devices.groups().get(0).stream()
            .filter(d -> d.topic().equals("factory/line-2/sensors/vibration"))
            .findFirst()
            .orElseThrow();
    byte[] frame = vibration.payload().apply(7);

    assertThat(frame).hasSize(22);
    ByteBuffer buffer = ByteBuffer.wrap(frame);
    assertThat(buffer.getShort()).isEqualTo((short) 0x5631);
    assertThat(buffer.getInt()).isEqualTo(7);
    assertThat(DemoView.preview(frame, 80)).startsWith("[binary, 22 bytes] hex 563100000007");
  }

  @Test
  void payloadsAreUniqueSoTheLedgerCanTellThemApart() {
    Set<String> seen = new HashSet<>();
    long seq = 0;
    for (int round = 0; round < 50; round++) {
      for (List<DemoDevices.Device> group : devices.groups()) {
        for (DemoDevices.Device device : group) {
          byte[] payload = device.payload().apply(++seq);
          assertThat(seen.add(device.topic() + new String(payload, StandardCharsets.ISO_8859_1)))
              .isTrue();
        }
      }
    }
  }

  @Test
  void retainedConfigurationIsStoredAndKnownAsOurs() throws Exception {
    devices.publishRetainedConfig();

    assertThat(broker.retained)
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("sensors/config {\"interval_secs\":60");
    byte[] payload =
        broker
            .retained
            .get(0)
            .substring("sensors/config ".length())
            .getBytes(StandardCharsets.UTF_8);
    assertThat(ledger.take(DemoDevices.CONFIG_TOPIC, payload).simulated()).isTrue();
    assertThat(devices.published()).isEqualTo(1);
  }
}
