/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static io.dsm.danube.testkit.RawClient.failure;
import static io.dsm.danube.testkit.RawClient.producerRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.proto.ConsumerRequest.SubscriptionType;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckRequest.ClientType;
import io.dsm.danube.proto.HealthCheckResponse.ClientStatus;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.TopicLookupRequest;
import io.dsm.danube.proto.TopicLookupResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several brokers sharing metadata: ownership, redirects, stop and restart. */
@Timeout(30)
class MultiBrokerIT {

  private static TopicLookupRequest lookup(String topic) {
    return TopicLookupRequest.newBuilder().setRequestId(4).setTopic(topic).build();
  }

  @Test
  void lookupOnANonOwnerRedirectsToTheOwnerAndCreatesThereOnly() throws InterruptedException {
    try (InMemoryDanubeBroker group = InMemoryDanubeBroker.builder().brokers(2).start();
        RawClient b0 = new RawClient(group.brokerUrl(0));
        RawClient b1 = new RawClient(group.brokerUrl(1))) {
      ProducerRequest req = producerRequest("/default/t", "p", DispatchStrategy.NonReliable);
      failure(() -> b0.producers.createProducer(req)); // metadata created, assigned round-robin
      int owner = group.topic("/default/t").ownerBroker().orElseThrow();
      RawClient ownerClient = owner == 0 ? b0 : b1;
      RawClient other = owner == 0 ? b1 : b0;

      TopicLookupResponse redirect = other.discovery.topicLookup(lookup("/default/t"));
      assertThat(redirect.getResponseType()).isEqualTo(TopicLookupResponse.LookupType.Redirect);
      assertThat(redirect.getConnectUrl()).isEqualTo(group.brokerUrl(owner));
      assertThat(redirect.getBrokerUrl()).isEqualTo(group.brokerUrl(owner));
      assertThat(redirect.getProxy()).isFalse();
      assertThat(redirect.getRequestId()).isEqualTo(4);
      TopicLookupResponse connect = ownerClient.discovery.topicLookup(lookup("/default/t"));
      assertThat(connect.getResponseType()).isEqualTo(TopicLookupResponse.LookupType.Connect);

      StatusRuntimeException elsewhere = failure(() -> other.producers.createProducer(req));
      assertThat(elsewhere.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(elsewhere.getStatus().getDescription())
          .isEqualTo("The topic exists but is served by another broker, redo the Lookup request");
      long id = ownerClient.producers.createProducer(req).getProducerId();
      StatusRuntimeException sub =
          failure(() -> other.subscribe("/default/t", "s", "c", SubscriptionType.Shared));
      assertThat(sub.getStatus().getDescription())
          .isEqualTo("The topic exists but is served by another broker, redo the Lookup request");
      assertThat(other.health(ClientType.Producer, id)).isEqualTo(ClientStatus.CLOSE);
      assertThat(ownerClient.health(ClientType.Producer, id)).isEqualTo(ClientStatus.OK);
      StatusRuntimeException send = failure(() -> other.send("/default/t", id, 1, "x"));
      assertThat(send.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Test
  void newTopicsAreAssignedRoundRobinInClusterMode() throws InterruptedException {
    try (InMemoryDanubeBroker group = InMemoryDanubeBroker.builder().brokers(2).start();
        RawClient b0 = new RawClient(group.brokerUrl(0))) {
      for (String t : new String[] {"/default/a", "/default/b"}) {
        failure(
            () ->
                b0.producers.createProducer(producerRequest(t, "p", DispatchStrategy.NonReliable)));
      }
      assertThat(group.topic("/default/a").ownerBroker()).contains(0);
      assertThat(group.topic("/default/b").ownerBroker()).contains(1);
    }
  }

  @Test
  void restartedBrokerListensOnTheSamePortAndHasForgottenItsClients() throws InterruptedException {
    try (InMemoryDanubeBroker broker =
            InMemoryDanubeBroker.builder().mode(InMemoryDanubeBroker.Mode.STANDALONE).start();
        RawClient client = new RawClient(broker.serviceUrl())) {
      String url = broker.serviceUrl();
      long id = client.createProducer("/default/r", "p", DispatchStrategy.Reliable);
      client.send("/default/r", id, 1, "kept");
      broker.stopBroker(0);
      assertThat(broker.isRunning(0)).isFalse();
      StatusRuntimeException down = failure(() -> client.health(ClientType.Producer, id));
      assertThat(down.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);

      broker.restartBroker(0);
      assertThat(broker.serviceUrl()).isEqualTo(url);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> client.health(ClientType.Producer, id) == ClientStatus.CLOSE);
      StatusRuntimeException gone = failure(() -> client.send("/default/r", id, 2, "x"));
      assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      long again = client.createProducer("/default/r", "p", DispatchStrategy.Reliable);
      client.send("/default/r", again, 2, "after-restart");
      assertThat(broker.topic("/default/r").payloadsUtf8())
          .containsExactly("kept", "after-restart");
    }
  }
}
