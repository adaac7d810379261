/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's settings take effect, and it cleans up only what it made itself. */
@Timeout(120)
class EmbeddedHiveMqIT {
  /** HiveMQ's default per-client queue is 1000 messages; the excess is discarded. */
  private static final int BEYOND_DEFAULT_QUEUE = 1500;

  @TempDir Path dir;

  private static Mqtt3BlockingClient client(EmbeddedHiveMq broker, String id) {
    return Mqtt3Client.builder()
        .identifier(id)
        .serverHost(broker.host())
        .serverPort(broker.port())
        .buildBlocking();
  }

  @Test
  void aRaisedQueueKeepsEverythingForAnOfflineSubscriber() throws Exception {
    Path folder = dir.resolve("hivemq");
    try (EmbeddedHiveMq broker =
        EmbeddedHiveMq.builder().folder(folder).maxQueueSize(10_000).start()) {
      Mqtt3BlockingClient subscriber = client(broker, "offline-sub");
      subscriber.connectWith().cleanSession(false).send();
      subscriber.subscribeWith().topicFilter("q/#").qos(MqttQos.AT_LEAST_ONCE).send();
      subscriber.disconnect();
      Mqtt3BlockingClient publisher = client(broker, "pub");
      publisher.connect();
      for (int i = 0; i < BEYOND_DEFAULT_QUEUE; i++) {
        publisher.publishWith().topic("q/x").qos(MqttQos.AT_LEAST_ONCE).send();
      }
      publisher.disconnect();

      int received = 0;
      try (Mqtt3BlockingClient.Mqtt3Publishes publishes =
          subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
        subscriber.connectWith().cleanSession(false).send();
        while (publishes.receive(10, TimeUnit.SECONDS).isPresent()) {
          received++;
          if (received == BEYOND_DEFAULT_QUEUE) {
            break;
          }
        }
      }
      subscriber.disconnect();
      assertThat(received).isEqualTo(BEYOND_DEFAULT_QUEUE);
      assertThat(broker.pubAcksFrom("offline-sub")).as("recording is off by default").isZero();
    }
    assertThat(folder.resolve("conf/config.xml")).as("a folder given is kept").exists();
  }

  @Test
  void aFolderOfItsOwnIsDeletedOnClose() throws Exception {
    Path folder;
    try (EmbeddedHiveMq broker = EmbeddedHiveMq.builder().start()) {
      folder = broker.folder();
      assertThat(folder.resolve("conf/config.xml")).exists();
    }
    assertThat(folder).doesNotExist();
  }
}
