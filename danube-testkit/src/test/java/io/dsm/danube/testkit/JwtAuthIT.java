/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.dsm.danube.proto.HealthCheckGrpc;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.HealthCheckResponse;
import io.dsm.danube.proto.schema.ListSubjectsRequest;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.dsm.danube.testkit.internal.JwtAuthInterceptor;
import io.dsm.danube.testkit.internal.SchemaRegistryServiceImpl;
import io.dsm.danube.testkit.internal.SchemaStore;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link JwtAuthInterceptor} in front of real services over loopback TCP (checklist item 32). */
@Timeout(30)
class JwtAuthIT {
  static final byte[] SECRET = "testkit-secret-for-hs256-tokens!".getBytes(StandardCharsets.UTF_8);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final AtomicInteger handled = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;

  /** A HealthCheck that always answers OK and counts how often it ran. */
  static final class CountingHealthCheck extends HealthCheckGrpc.HealthCheckImplBase {
    private final AtomicInteger handled;

    CountingHealthCheck(AtomicInteger handled) {
      this.handled = handled;
    }

    @Override
    public void healthCheck(HealthCheckRequest req, StreamObserver<HealthCheckResponse> out) {
      handled.incrementAndGet();
      out.onNext(
          HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ClientStatus.OK).build());
      out.onCompleted();
    }
  }

  @BeforeEach
  void start() throws Exception {
    JwtAuthInterceptor auth = new JwtAuthInterceptor(SECRET);
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(new CountingHealthCheck(handled), auth))
            .addService(
                ServerInterceptors.intercept(
                    new SchemaRegistryServiceImpl(new SchemaStore()), auth))
            .build()
            .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private HealthCheckResponse healthCheck(Map<String, String> headers) {
    Metadata metadata = new Metadata();
    headers.forEach(
        (k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    return HealthCheckGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .healthCheck(HealthCheckRequest.newBuilder().setId(1).build());
  }

  private HealthCheckResponse withAuthorization(String value) {
    return healthCheck(Map.of("authorization", value));
  }

  private Status rejected(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("the call should have been rejected").isNotNull();
    return e.getStatus();
  }

  private static void assertInvalidToken(Status status) {
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).isEqualTo("Invalid token");
  }

  @Test
  void missingCredentialsAreRejectedBeforeTheHandlerRunsEvenOnHealthCheck() {
    Status status = rejected(() -> healthCheck(Map.of("x-danube-broker-url", "http://x:1")));

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).isEqualTo("Authentication credentials are missing");
    assertThat(handled).hasValue(0);
  }

  @Test
  void validTokenIsAcceptedWithEitherBearerCapitalisation() {
    String token = JwtTokens.valid(SECRET, "connector", Duration.ofMinutes(5));

    assertThat(withAuthorization("Bearer " + token).getStatus())
        .isEqualTo(HealthCheckResponse.ClientStatus.OK);
    assertThat(withAuthorization("bearer " + token).getStatus())
        .isEqualTo(HealthCheckResponse.ClientStatus.OK);
    assertThat(handled).hasValue(2);
  }

  @Test
  void authenticationAppliesToEveryServiceOnThePort() {
    SchemaRegistryGrpc.SchemaRegistryBlockingStub registry =
        SchemaRegistryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    Metadata metadata = new Metadata();
    metadata.put(
        AUTHORIZATION, "Bearer " + JwtTokens.valid(SECRET, "connector", Duration.ofMinutes(5)));

    Status status = rejected(() -> registry.listSubjects(ListSubjectsRequest.getDefaultInstance()));
    int subjects =
        registry
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
            .listSubjects(ListSubjectsRequest.getDefaultInstance())
            .getSubjectsCount();

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(subjects).isZero();
  }

  @Test
  void expiredTokenIsInvalid() {
    assertInvalidToken(
        rejected(() -> withAuthorization("Bearer " + JwtTokens.expired(SECRET, "c"))));
    assertThat(handled).hasValue(0);
  }

  @Test
  void tokenExpiredWithinTheSixtySecondLeewayIsStillAccepted() {
    String token =
        JwtTokens.sign(SECRET, "c", "user", "anyone", Instant.now().minus(Duration.ofSeconds(20)));

    assertThat(withAuthorization("Bearer " + token).getStatus())
        .isEqualTo(HealthCheckResponse.ClientStatus.OK);
  }

  @Test
  void wronglySignedTokenIsInvalid() {
    assertInvalidToken(rejected(() -> withAuthorization("Bearer " + JwtTokens.wronglySigned("c"))));
  }

  @Test
  void wrongPrefixesAreInvalid() {
    String token = JwtTokens.valid(SECRET, "c", Duration.ofMinutes(5));

    assertInvalidToken(rejected(() -> withAuthorization(token)));
    assertInvalidToken(rejected(() -> withAuthorization("BEARER " + token)));
    assertInvalidToken(rejected(() -> withAuthorization("Token " + token)));
    assertInvalidToken(rejected(() -> withAuthorization("Bearer")));
    assertInvalidToken(rejected(() -> withAuthorization("Bearer not.a.jwt")));
    assertThat(handled).hasValue(0);
  }

  @Test
  void tokensMissingARequiredClaimOrUsingAnotherAlgorithmAreInvalid() {
    Map<String, Object> valid =
        Map.of(
            "iss", "i",
            "sub", "c",
            "exp", Date.from(Instant.now().plus(Duration.ofMinutes(5))),
            "principal_type", "user",
            "principal_name", "c");
    Map<String, Object> numericSub = new HashMap<>(valid);
    numericSub.put("sub", 42);
    String noPrincipalType = sign(without(valid, "principal_type"), Algorithm.HMAC256(SECRET));
    String noExpiry = sign(without(valid, "exp"), Algorithm.HMAC256(SECRET));
    String numericSubject = sign(numericSub, Algorithm.HMAC256(SECRET));
    String hs384 = sign(valid, Algorithm.HMAC384(SECRET));

    assertInvalidToken(rejected(() -> withAuthorization("Bearer " + noPrincipalType)));
    assertInvalidToken(rejected(() -> withAuthorization("Bearer " + noExpiry)));
    assertInvalidToken(rejected(() -> withAuthorization("Bearer " + numericSubject)));
    assertInvalidToken(rejected(() -> withAuthorization("Bearer " + hs384)));
  }

  private static String sign(Map<String, ?> claims, Algorithm algorithm) {
    return JWT.create().withPayload(claims).sign(algorithm);
  }

  private static Map<String, Object> without(Map<String, Object> claims, String name) {
    Map<String, Object> fewer = new HashMap<>(claims);
    fewer.remove(name);
    return fewer;
  }

  @Test
  void internalBrokerHeaderBypassesTokenChecksAsInDanube() {
    assertThat(healthCheck(Map.of("x-danube-internal-broker", "broker-2")).getStatus())
        .isEqualTo(HealthCheckResponse.ClientStatus.OK);
  }

  @Test
  void mintedTokensCarryTheClaimsDanubeRequires() {
    String token = JwtTokens.valid(SECRET, "connector", Duration.ofMinutes(5));

    DecodedJWT jwt = JWT.require(Algorithm.HMAC256(SECRET)).build().verify(token);

    assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
    assertThat(jwt.getIssuer()).isEqualTo(JwtTokens.ISSUER);
    assertThat(jwt.getSubject()).isEqualTo("connector");
    assertThat(jwt.getClaim("principal_type").asString()).isEqualTo("service_account");
    assertThat(jwt.getClaim("principal_name").asString()).isEqualTo("connector");
    assertThat(jwt.getExpiresAtAsInstant())
        .isBetween(Instant.now().plusSeconds(240), Instant.now().plusSeconds(301));
  }
}
