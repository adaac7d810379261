/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.internal.RetryPolicy.Action;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

  @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "UNAVAILABLE|The topic metadata was created, need to redo the lookup|RETRY",
        "UNAVAILABLE|The topic exists but is served by another broker, redo the Lookup request|RETRY",
        "DEADLINE_EXCEEDED|deadline exceeded after 10s|RETRY",
        "RESOURCE_EXHAUSTED|Producer limit reached for topic /default/t|RETRY",
        "RESOURCE_EXHAUSTED|gRPC message exceeds maximum size 4194304: 5242991|FAIL",
        "NOT_FOUND|The producer with id 123 does not exist|RECONNECT",
        "NOT_FOUND|The consumer with the id 9 does not exist|RECONNECT",
        "NOT_FOUND|Unable to find the topic: /default/t|FAIL",
        "PERMISSION_DENIED|Unable to publish the message: Topic /default/t is draining or closed; retry lookup/moved|RECONNECT",
        "PERMISSION_DENIED|Unable to publish the message: Topic /default/t not found in registry|RECONNECT",
        "PERMISSION_DENIED|Unable to publish the message: Schema ID 7 not found in registry|FAIL",
        "PERMISSION_DENIED|no binding grants Produce on topic|FAIL",
        "INVALID_ARGUMENT|Message size 11 exceeds maximum allowed 10 for topic /default/t|FAIL",
        "FAILED_PRECONDITION|Producer requested dispatch strategy does not match topic strategy|FAIL",
        "ALREADY_EXISTS|Topic '/default/t' already exists|FAIL",
        "UNAUTHENTICATED|Invalid token|FAIL",
        "OUT_OF_RANGE|message length too large|FAIL",
        "INTERNAL|Error acknowledging message: Subscription not found|FAIL",
      })
  void classifiesByCodeAndBrokerText(String code, String text, Action expected) {
    assertThat(RetryPolicy.classify(Status.Code.valueOf(code), text)).isEqualTo(expected);
  }

  @Test
  void classifiesWrappedExceptions() {
    Throwable wrapped =
        new CompletionException(
            Status.NOT_FOUND
                .withDescription("The producer with id 1 does not exist")
                .asRuntimeException());
    assertThat(RetryPolicy.classify(wrapped)).isEqualTo(Action.RECONNECT);
    assertThat(RetryPolicy.classify(new IllegalStateException("boom"))).isEqualTo(Action.FAIL);
  }

  @Test
  void aFailedTlsHandshakeIsNotRetriedAlthoughGrpcReportsUnavailable() {
    Throwable untrusted =
        Status.UNAVAILABLE
            .withDescription("io exception\nChannel Pipeline: [SslHandler#0]")
            .withCause(
                new javax.net.ssl.SSLHandshakeException(
                    "PKIX path building failed: unable to find valid certification path"))
            .asRuntimeException();
    Throwable expired =
        Status.UNAVAILABLE
            .withCause(
                new javax.net.ssl.SSLHandshakeException("bad certificate")
                    .initCause(new java.security.cert.CertificateExpiredException("expired")))
            .asRuntimeException();
    assertThat(RetryPolicy.classify(new CompletionException(untrusted))).isEqualTo(Action.FAIL);
    assertThat(RetryPolicy.classify(expired)).isEqualTo(Action.FAIL);
  }

  @Test
  void aHandshakeCutOffByTheNetworkIsStillRetried() {
    Throwable timedOut =
        Status.UNAVAILABLE
            .withCause(new javax.net.ssl.SSLHandshakeException("handshake timed out after 10000ms"))
            .asRuntimeException();
    Throwable closed =
        Status.UNAVAILABLE
            .withCause(new javax.net.ssl.SSLException("Remote host terminated the handshake"))
            .asRuntimeException();
    Throwable plain =
        Status.UNAVAILABLE
            .withCause(new java.net.ConnectException("Connection refused"))
            .asRuntimeException();
    assertThat(RetryPolicy.classify(timedOut)).isEqualTo(Action.RETRY);
    assertThat(RetryPolicy.classify(closed)).isEqualTo(Action.RETRY);
    assertThat(RetryPolicy.classify(plain)).isEqualTo(Action.RETRY);
  }

  @Test
  void backoffGrowsLinearlyWithinHalfAndFull() {
    RetryPolicy low = policy(0.0);
    RetryPolicy high = policy(0.999_999);
    for (int n = 0; n < 5; n++) {
      long full = Duration.ofMillis(200L * (n + 1)).toNanos();
      assertThat(low.backoffNanos(n)).isEqualTo(full / 2);
      assertThat(high.backoffNanos(n)).isBetween(full - 1_000_000, full);
    }
  }

  @Test
  void backoffIsCappedAndNeverOverflows() {
    RetryPolicy high = policy(0.999_999);
    long cap = Duration.ofSeconds(1).toNanos();
    assertThat(high.backoffNanos(10)).isLessThanOrEqualTo(cap).isGreaterThan(cap / 2);
    assertThat(high.backoffNanos(Integer.MAX_VALUE)).isLessThanOrEqualTo(cap);
  }

  @Test
  void realJitterStaysInBounds() {
    RetryPolicy real =
        new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long d = real.backoffNanos(2);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat(min).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
    assertThat(max).isLessThanOrEqualTo(Duration.ofMillis(300).toNanos());
    assertThat(max - min)
        .as("jitter spreads the delays")
        .isGreaterThan(Duration.ofMillis(100).toNanos());
  }

  private static RetryPolicy policy(double random) {
    return new RetryPolicy(
        Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10), () -> random);
  }
}
