/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsm.danube.proto.HealthCheckGrpc;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.HealthCheckResponse;
import io.dsm.danube.testkit.internal.JwtAuthInterceptor;
import io.dsm.testsupport.PkiFiles;
import io.dsm.testsupport.TestPki.Identity;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsServerConfig} on a real gRPC server, with certificates generated per test class. */
@Timeout(30)
class TlsIT {
  @TempDir static Path dir;
  static PkiFiles pki;
  static Identity serverIdentity;
  static Identity client;
  static Identity strangerClient;

  private final AtomicInteger handled = new AtomicInteger();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private Server server;

  @BeforeAll
  static void createCertificates() throws Exception {
    pki = PkiFiles.write(dir);
    serverIdentity = pki.server();
    client = pki.ecClient();
    strangerClient = pki.stranger();
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void startServer(TlsServerConfig tls, JwtAuthInterceptor authOrNull) throws Exception {
    JwtAuthIT.CountingHealthCheck health = new JwtAuthIT.CountingHealthCheck(handled);
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(tls.toSslContext())
            .addService(
                authOrNull == null
                    ? health.bindService()
                    : ServerInterceptors.intercept(health, authOrNull))
            .build()
            .start();
  }

  private HealthCheckGrpc.HealthCheckBlockingStub tlsClient(Path trustedCa, Identity id)
      throws Exception {
    SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(trustedCa.toFile());
    if (id != null) {
      ssl.keyManager(id.certPem().toFile(), id.keyPem().toFile());
    }
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .sslContext(ssl.build())
            .build();
    channels.add(channel);
    return HealthCheckGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static HealthCheckResponse.ClientStatus check(HealthCheckGrpc.HealthCheckBlockingStub s) {
    return s.healthCheck(HealthCheckRequest.newBuilder().setId(1).build()).getStatus();
  }

  private static Status.Code failureOf(HealthCheckGrpc.HealthCheckBlockingStub s) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> check(s));
    assertThat(e).as("the call should have failed").isNotNull();
    return e.getStatus().getCode();
  }

  @Test
  void clientTrustingTheCaTalksToTheServerOnTheLoopbackIp() throws Exception {
    startServer(
        TlsServerConfig.serverOnly(serverIdentity.certPem(), serverIdentity.keyPem()), null);

    assertThat(check(tlsClient(pki.caCert(), null))).isEqualTo(HealthCheckResponse.ClientStatus.OK);
    assertThat(handled).hasValue(1);
  }

  @Test
  void serverOnlyTlsIgnoresAClientCertificate() throws Exception {
    startServer(
        TlsServerConfig.serverOnly(serverIdentity.certPem(), serverIdentity.keyPem()), null);

    assertThat(check(tlsClient(pki.caCert(), strangerClient)))
        .isEqualTo(HealthCheckResponse.ClientStatus.OK);
  }

  @Test
  void plaintextClientsAndClientsTrustingAnotherCaCannotConnect() throws Exception {
    startServer(
        TlsServerConfig.serverOnly(serverIdentity.certPem(), serverIdentity.keyPem()), null);
    ManagedChannel plaintext =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    channels.add(plaintext);

    assertThat(
            failureOf(
                HealthCheckGrpc.newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS)))
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(failureOf(tlsClient(pki.otherCaCert(), null))).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(handled).hasValue(0);
  }

  @Test
  void mutualTlsRejectsClientsWithoutACertificateFromTheClientCa() throws Exception {
    TlsServerConfig mutual =
        TlsServerConfig.mutual(serverIdentity.certPem(), serverIdentity.keyPem(), pki.caCert());
    startServer(mutual, null);

    assertThat(mutual.mutualTls()).isTrue();
    assertThat(failureOf(tlsClient(pki.caCert(), null))).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(failureOf(tlsClient(pki.caCert(), strangerClient)))
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(handled).hasValue(0);
    assertThat(check(tlsClient(pki.caCert(), client)))
        .isEqualTo(HealthCheckResponse.ClientStatus.OK);
  }

  @Test
  void jwtAuthenticationWorksOverTls() throws Exception {
    startServer(
        TlsServerConfig.serverOnly(serverIdentity.certPem(), serverIdentity.keyPem()),
        new JwtAuthInterceptor(JwtAuthIT.SECRET));
    HealthCheckGrpc.HealthCheckBlockingStub anonymous = tlsClient(pki.caCert(), null);
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + JwtTokens.valid(JwtAuthIT.SECRET, "connector", Duration.ofMinutes(5)));

    assertThat(failureOf(anonymous)).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(
            check(anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))))
        .isEqualTo(HealthCheckResponse.ClientStatus.OK);
  }

  @Test
  void unreadableFilesAreReportedWithTheSettingName() {
    TlsServerConfig missingKey =
        TlsServerConfig.serverOnly(serverIdentity.certPem(), dir.resolve("absent-key.pem"));
    TlsServerConfig notAKey =
        TlsServerConfig.serverOnly(serverIdentity.certPem(), serverIdentity.certPem());

    assertThatThrownBy(missingKey::toSslContext)
        .hasMessageContaining("privateKeyPem")
        .hasMessageContaining("absent-key.pem");
    assertThatThrownBy(notAKey::toSslContext).hasMessageContaining("privateKeyPem");
    assertThat(missingKey.mutualTls()).isFalse();
  }
}
