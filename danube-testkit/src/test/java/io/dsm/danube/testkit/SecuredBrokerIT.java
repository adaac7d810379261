/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static io.dsm.danube.testkit.RawClient.failure;
import static io.dsm.danube.testkit.RawClient.producerRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckGrpc;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.HealthCheckResponse.ClientStatus;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.ProducerServiceGrpc;
import io.dsm.danube.proto.admin.BrokerAdminGrpc;
import io.dsm.danube.proto.admin.Empty;
import io.dsm.testsupport.PkiFiles;
import io.dsm.testsupport.TestPki.Identity;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The builder's TLS and JWT hooks on a real broker (Danube's auth.mode: tls). */
@Timeout(30)
class SecuredBrokerIT {
  private static final byte[] SECRET = "test-secret".getBytes(StandardCharsets.UTF_8);

  @Test
  void tlsAndJwtProtectEveryService(@TempDir Path dir) throws Exception {
    PkiFiles pki = PkiFiles.write(dir);
    Identity server = pki.server();
    try (InMemoryDanubeBroker broker =
        InMemoryDanubeBroker.builder()
            .mode(InMemoryDanubeBroker.Mode.STANDALONE)
            .tls(TlsServerConfig.serverOnly(server.certPem(), server.keyPem()))
            .jwtSecret(SECRET)
            .start()) {
      assertThat(broker.serviceUrl()).startsWith("https://127.0.0.1:");
      URI uri = URI.create(broker.serviceUrl());
      ManagedChannel channel =
          NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
              .sslContext(GrpcSslContexts.forClient().trustManager(pki.caCert().toFile()).build())
              .build();
      try {
        ProducerServiceGrpc.ProducerServiceBlockingStub anonymous =
            ProducerServiceGrpc.newBlockingStub(channel);
        StatusRuntimeException e =
            failure(
                () ->
                    anonymous.createProducer(
                        producerRequest("/default/s", "p", DispatchStrategy.NonReliable)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.getStatus().getDescription())
            .isEqualTo("Authentication credentials are missing");

        Metadata headers = new Metadata();
        headers.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            "Bearer " + JwtTokens.valid(SECRET, "tester", Duration.ofMinutes(5)));
        ProducerServiceGrpc.ProducerServiceBlockingStub authorized =
            anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        HealthCheckRequest check =
            HealthCheckRequest.newBuilder()
                .setClient(HealthCheckRequest.ClientType.Producer)
                .setId(1)
                .build();
        HealthCheckGrpc.HealthCheckBlockingStub health = HealthCheckGrpc.newBlockingStub(channel);
        assertThat(failure(() -> health.healthCheck(check)).getStatus().getCode())
            .as("Danube authenticates health checks too (no authorization)")
            .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(
                health
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .healthCheck(check)
                    .getStatus())
            .isEqualTo(ClientStatus.CLOSE);
        assertThat(
                authorized
                    .createProducer(
                        producerRequest("/default/s", "p", DispatchStrategy.NonReliable))
                    .getProducerName())
            .isEqualTo("p");

        // Danube's interceptor decides on the headers, before tonic decodes the request.
        ProducerRequest oversized =
            producerRequest(
                "/default/" + "s".repeat(4 * 1024 * 1024), "p", DispatchStrategy.NonReliable);
        assertThat(failure(() -> anonymous.createProducer(oversized)).getStatus().getCode())
            .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(failure(() -> authorized.createProducer(oversized)).getStatus().getCode())
            .isEqualTo(Status.Code.OUT_OF_RANGE);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void adminPortUsesTheSameJwtCheckAndServesTlsOnlyWhenAdminTlsIsOn(@TempDir Path dir)
      throws Exception {
    PkiFiles pki = PkiFiles.write(dir);
    Identity server = pki.server();
    TlsServerConfig tls = TlsServerConfig.serverOnly(server.certPem(), server.keyPem());
    try (InMemoryDanubeBroker plainAdmin =
        InMemoryDanubeBroker.builder().tls(tls).jwtSecret(SECRET).start()) {
      assertThat(plainAdmin.adminUrl())
          .as("Danube's admin_tls is off by default, even with TLS on the client port")
          .startsWith("http://");
      try (RawClient admin = new RawClient(plainAdmin.adminUrl())) {
        StatusRuntimeException e = failure(admin::listNamespaces);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.getStatus().getDescription())
            .isEqualTo("Authentication credentials are missing");
      }
    }
    try (InMemoryDanubeBroker tlsAdmin =
        InMemoryDanubeBroker.builder().tls(tls).adminTls(true).jwtSecret(SECRET).start()) {
      assertThat(tlsAdmin.adminUrl()).startsWith("https://127.0.0.1:");
      URI uri = URI.create(tlsAdmin.adminUrl());
      ManagedChannel channel =
          NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
              .sslContext(GrpcSslContexts.forClient().trustManager(pki.caCert().toFile()).build())
              .build();
      try {
        Metadata headers = new Metadata();
        headers.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            "Bearer " + JwtTokens.valid(SECRET, "admin", Duration.ofMinutes(5)));
        BrokerAdminGrpc.BrokerAdminBlockingStub brokers =
            BrokerAdminGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        assertThat(brokers.listNamespaces(Empty.getDefaultInstance()).getNamespacesList())
            .containsExactly("default", "system");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void adminTlsWithoutTlsIsRejectedByTheBuilder() {
    assertThatThrownBy(() -> InMemoryDanubeBroker.builder().adminTls(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adminTls needs tls(...)");
  }
}
