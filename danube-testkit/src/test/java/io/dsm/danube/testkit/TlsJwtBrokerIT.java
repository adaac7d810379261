/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckGrpc;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.ProducerServiceGrpc;
import io.dsm.danube.proto.schema.GetLatestSchemaRequest;
import io.dsm.danube.proto.schema.RegisterSchemaRequest;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS and JWT end to end through {@link InMemoryDanubeBroker}, with raw stubs over TCP. */
@Timeout(30)
class TlsJwtBrokerIT {
  @TempDir Path dir;

  @Test
  void securedBrokerServesProducersAndTheRegistryOnlyToAuthenticatedTlsClients() throws Exception {
    PkiFiles pki = PkiFiles.write(dir);
    Identity server = pki.server();
    try (InMemoryDanubeBroker broker =
        InMemoryDanubeBroker.builder()
            .tls(TlsServerConfig.serverOnly(server.certPem(), server.keyPem()))
            .jwtSecret(JwtAuthIT.SECRET)
            .start()) {
      URI url = URI.create(broker.serviceUrl());
      ManagedChannel channel =
          NettyChannelBuilder.forAddress(url.getHost(), url.getPort())
              .sslContext(GrpcSslContexts.forClient().trustManager(pki.caCert().toFile()).build())
              .build();
      try {
        Metadata token = new Metadata();
        token.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            "Bearer " + JwtTokens.valid(JwtAuthIT.SECRET, "connector", Duration.ofMinutes(5)));
        ProducerServiceGrpc.ProducerServiceBlockingStub producers =
            ProducerServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token));
        SchemaRegistryGrpc.SchemaRegistryBlockingStub registry =
            SchemaRegistryGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token));
        ProducerRequest create =
            ProducerRequest.newBuilder()
                .setRequestId(1)
                .setTopicName("/default/secured")
                .setProducerName("p")
                .setDispatchStrategy(DispatchStrategy.Reliable)
                .build();

        StatusRuntimeException anonymous =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () ->
                    HealthCheckGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .healthCheck(HealthCheckRequest.getDefaultInstance()));
        StatusRuntimeException firstCreate =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () -> producers.withDeadlineAfter(10, TimeUnit.SECONDS).createProducer(create));
        long producerId =
            producers
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .createProducer(create)
                .getProducerId();
        long schemaId =
            registry
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .registerSchema(
                    RegisterSchemaRequest.newBuilder()
                        .setSubject("secured-subject")
                        .setSchemaType("json_schema")
                        .setSchemaDefinition(ByteString.copyFromUtf8("{\"type\":\"object\"}"))
                        .build())
                .getSchemaId();

        assertThat(broker.serviceUrl()).startsWith("https://127.0.0.1:");
        assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(anonymous.getStatus().getDescription())
            .isEqualTo("Authentication credentials are missing");
        assertThat(firstCreate.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(producerId).isNotZero();
        assertThat(broker.topic("/default/secured").producerNames()).containsExactly("p");
        assertThat(
                registry
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getLatestSchema(
                        GetLatestSchemaRequest.newBuilder().setSubject("secured-subject").build())
                    .getSchemaId())
            .isEqualTo(schemaId);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
