/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import static io.dsm.danube.client.it.ItSupport.await;
import static io.dsm.danube.client.it.ItSupport.producer;
import static io.dsm.danube.client.it.ItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsm.danube.client.ConsumerConfig;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeConsumer;
import io.dsm.danube.client.DanubeProducer;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.ReceivedMessage;
import io.dsm.danube.testkit.DanubeBrokerExtension;
import io.dsm.danube.testkit.InMemoryDanubeBroker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With a lookup that says {@code proxy=true}, data RPCs carry {@code x-danube-broker-url}. */
@Timeout(30)
class ProxyHeaderIT {
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.perTest(b -> {});

  InMemoryDanubeBroker broker;

  @Test
  void producerConsumerAndHealthCallsCarryTheBrokerUrlButLookupsDoNot() throws Exception {
    try (RecordingGrpcProxy proxy = new RecordingGrpcProxy(broker.serviceUrl(), null);
        DanubeClient client = ItSupport.client(proxy.url());
        DanubeProducer p =
            producer(
                client, ProducerConfig.of("/default/proxied", "pp", DispatchStrategy.RELIABLE));
        DanubeConsumer c =
            await(client.subscribe(ConsumerConfig.of("/default/proxied", "cc", "s")))) {
      send(p, "via proxy", null);
      ReceivedMessage m = c.receive(ItSupport.WAIT).orElseThrow();
      assertThat(m.brokerAddr())
          .as("msg_id.broker_addr is the broker, not the proxy")
          .isEqualTo(broker.serviceUrl());
      await(c.ack(m));
      await()
          .atMost(ItSupport.WAIT)
          .until(() -> proxy.calls().stream().anyMatch(x -> x.method().endsWith("/HealthCheck")));

      List<RecordingGrpcProxy.SeenCall> calls = proxy.calls();
      for (String rpc :
          List.of(
              "danube.ProducerService/CreateProducer",
              "danube.ProducerService/SendMessage",
              "danube.ConsumerService/Subscribe",
              "danube.ConsumerService/ReceiveMessages",
              "danube.ConsumerService/Ack",
              "danube.HealthCheck/HealthCheck")) {
        assertThat(calls)
            .filteredOn(x -> x.method().equals(rpc))
            .as(rpc)
            .isNotEmpty()
            .allSatisfy(
                x -> assertThat(x.brokerUrlHeader()).as(rpc).isEqualTo(broker.serviceUrl()));
      }
      assertThat(calls)
          .filteredOn(x -> x.method().startsWith("danube.Discovery/"))
          .isNotEmpty()
          .allSatisfy(x -> assertThat(x.brokerUrlHeader()).isNull());
      assertThat(calls).allSatisfy(x -> assertThat(x.authorization()).isNull());
    }
  }

  @Test
  void unreachableLookupFallsBackToTheServiceUrl() throws Exception {
    broker.faults().failNextLookups(50, "INTERNAL", "lookup broken");
    try (DanubeClient client = ItSupport.client(broker.serviceUrl());
        DanubeProducer p = producer(client, "/default/fallback", "fb")) {
      send(p, "x", null);
      assertThat(broker.topic("/default/fallback").payloadsUtf8()).containsExactly("x");
    }
  }
}
