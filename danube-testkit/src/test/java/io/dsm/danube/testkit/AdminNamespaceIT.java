/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static io.dsm.danube.testkit.RawClient.failure;
import static io.dsm.danube.testkit.RawClient.ns;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckRequest.ClientType;
import io.dsm.danube.proto.admin.NamespaceAdminGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Danube v0.15.1's namespace admin API ({@code danube_admin.NamespaceAdmin}, {@code
 * BrokerAdmin/ListNamespaces}) on the testkit's admin port, over real TCP.
 */
@Timeout(30)
class AdminNamespaceIT {
  @RegisterExtension
  static final DanubeBrokerExtension DANUBE =
      DanubeBrokerExtension.perTest(
          b -> b.mode(InMemoryDanubeBroker.Mode.STANDALONE).maxMessageSize(100).namespace("iot"));

  InMemoryDanubeBroker broker;
  RawClient admin;
  RawClient client;

  @BeforeEach
  void setUp() {
    admin = new RawClient(broker.adminUrl());
    client = new RawClient(broker.serviceUrl());
  }

  @AfterEach
  void tearDown() {
    admin.close();
    client.close();
  }

  @Test
  void theAdminApiHasItsOwnPortAndTheClientPortDoesNotServeIt() {
    assertThat(broker.adminPort(0)).isNotEqualTo(broker.port(0));
    assertThat(broker.adminUrl()).isEqualTo("http://127.0.0.1:" + broker.adminPort(0));
    StatusRuntimeException onClientPort =
        failure(
            () ->
                NamespaceAdminGrpc.newBlockingStub(client.channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .createNamespace(ns("x")));
    assertThat(onClientPort.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    try (RawClient onAdminPort = new RawClient(broker.adminUrl())) {
      StatusRuntimeException e = failure(() -> onAdminPort.health(ClientType.Producer, 1));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }
  }

  @Test
  void startsWithDefaultSystemAndBootstrapNamespaces() {
    assertThat(admin.listNamespaces()).containsExactly("default", "iot", "system");
    assertThat(broker.namespaces()).containsExactly("default", "iot", "system");
  }

  @Test
  void createdNamespaceTakesTopicsAndCreatingItAgainIsNotFound() {
    StatusRuntimeException missing =
        failure(() -> client.createProducer("/orders/t", "p", DispatchStrategy.NonReliable));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(missing.getStatus().getDescription())
        .isEqualTo(
            "Unable to find the namespace orders, the topic can be created only for an exisiting"
                + " namespace");

    assertThat(admin.createNamespace("orders")).isTrue();
    client.createProducer("/orders/t", "p", DispatchStrategy.NonReliable);
    assertThat(broker.topics()).contains("/orders/t");

    StatusRuntimeException again = failure(() -> admin.createNamespace("orders"));
    assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(again.getStatus().getDescription())
        .isEqualTo("Unable to create the namespace orders due to Namespace orders already exists.");
    StatusRuntimeException bootstrapped = failure(() -> admin.createNamespace("default"));
    assertThat(bootstrapped.getStatus().getDescription())
        .isEqualTo(
            "Unable to create the namespace default due to Namespace default already exists.");
  }

  @Test
  void listingRepeatsANamespaceOncePerTopicAsDanubeDoes() {
    client.createProducer("/iot/a", "p", DispatchStrategy.NonReliable);
    client.createProducer("/iot/b", "p", DispatchStrategy.NonReliable);
    assertThat(admin.listNamespaces()).containsExactly("default", "iot", "iot", "iot", "system");
    assertThat(broker.namespaces()).containsExactly("default", "iot", "system");
  }

  @Test
  void namespaceTopicsAreMatchedByNamePrefixAndReportedWithoutLeadingSlash() {
    admin.createNamespace("io");
    client.createProducer("/iot/a", "p", DispatchStrategy.NonReliable);
    assertThat(admin.namespaces.getNamespaceTopics(ns("iot")).getTopicsList())
        .containsExactly("iot/a");
    assertThat(admin.namespaces.getNamespaceTopics(ns("io")).getTopicsList())
        .as("Danube reads /namespaces/io as a prefix, so iot's topics show up")
        .containsExactly("iot/a");
    assertThat(admin.namespaces.getNamespaceTopics(ns("nope")).getTopicsList()).isEmpty();

    StatusRuntimeException notEmpty = failure(() -> admin.namespaces.deleteNamespace(ns("io")));
    assertThat(notEmpty.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(notEmpty.getStatus().getDescription())
        .isEqualTo(
            "Unable to delete the namespace io due to Can't delete and non empty namespace: io");
  }

  @Test
  void deleteRemovesAnEmptyNamespaceAndUnknownOnesAreNotFound() {
    admin.createNamespace("tmp");
    assertThat(admin.namespaces.deleteNamespace(ns("tmp")).getSuccess()).isTrue();
    assertThat(admin.listNamespaces()).doesNotContain("tmp");
    StatusRuntimeException gone = failure(() -> admin.namespaces.deleteNamespace(ns("tmp")));
    assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(gone.getStatus().getDescription())
        .isEqualTo("Unable to delete the namespace tmp due to Namespace tmp does not exists.");
  }

  @Test
  void policiesOfBootstrapAndCreatedNamespacesDifferInTheirPayloadLimit() {
    admin.createNamespace("orders");
    assertThat(admin.namespaces.getNamespacePolicies(ns("iot")).getPolicies())
        .isEqualTo(
            "{\"max_producers_per_topic\":0,\"max_subscriptions_per_topic\":0,"
                + "\"max_consumers_per_topic\":0,\"max_consumers_per_subscription\":0,"
                + "\"max_publish_rate\":0,\"max_subscription_dispatch_rate\":0,"
                + "\"max_message_size\":100}");
    assertThat(admin.namespaces.getNamespacePolicies(ns("orders")).getPolicies())
        .endsWith("\"max_message_size\":0}");
    StatusRuntimeException unknown =
        failure(() -> admin.namespaces.getNamespacePolicies(ns("nope")));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(unknown.getStatus().getDescription())
        .isEqualTo(
            "Unable to retrieve polices for the namespace nope due to Unable to retrieve the"
                + " policies for the namespace");

    // Danube's CreateNamespace stores default policies, whose payload limit is 0 (none).
    String big = "x".repeat(200);
    long limited = client.createProducer("/iot/t", "p", DispatchStrategy.NonReliable);
    StatusRuntimeException tooBig = failure(() -> client.send("/iot/t", limited, 1, big));
    assertThat(tooBig.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    long unlimited = client.createProducer("/orders/t", "p", DispatchStrategy.NonReliable);
    client.send("/orders/t", unlimited, 1, big);
    assertThat(broker.topic("/orders/t").messageCount()).isEqualTo(1);
  }

  @Test
  void aStoppedBrokerClosesItsAdminPortAndARestartReopensTheSamePort() {
    int adminPort = broker.adminPort(0);
    broker.stopBroker(0);
    StatusRuntimeException down = failure(() -> admin.listNamespaces());
    assertThat(down.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    broker.restartBroker(0);
    assertThat(broker.adminPort(0)).isEqualTo(adminPort);
    try (RawClient again = new RawClient(broker.adminUrl())) {
      assertThat(again.listNamespaces()).contains("iot");
    }
  }
}
