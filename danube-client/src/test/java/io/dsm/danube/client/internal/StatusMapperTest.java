/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.client.DanubeException;
import io.dsm.danube.client.DanubeStatus;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StatusMapperTest {

  @Test
  void permanentRejectionNamesRpcTopicAndCodeAndIsNotRetriable() {
    DanubeException e =
        StatusMapper.map(
            new CompletionException(
                Status.INVALID_ARGUMENT
                    .withDescription(
                        "Message size 20 exceeds maximum allowed 10 for topic /default/t")
                    .asRuntimeException()),
            "SendMessage",
            "/default/t");
    assertThat(e.isRetriable()).isFalse();
    assertThat(e.status()).isEqualTo(DanubeStatus.INVALID_ARGUMENT);
    assertThat(e.getMessage())
        .contains("SendMessage")
        .contains("/default/t")
        .contains("INVALID_ARGUMENT")
        .contains("exceeds maximum allowed");
  }

  @Test
  void transientFailureIsRetriable() {
    DanubeException e =
        StatusMapper.map(Status.UNAVAILABLE.asRuntimeException(), "CreateProducer", "/default/x");
    assertThat(e.isRetriable()).isTrue();
    assertThat(e.status()).isEqualTo(DanubeStatus.UNAVAILABLE);
  }

  @Test
  void aFailedTlsHandshakeIsPermanentAndNamedOnOneLine() {
    DanubeException e =
        StatusMapper.map(
            Status.UNAVAILABLE
                .withDescription(
                    "io exception\nChannel Pipeline: [SslHandler#0, ProtocolNegotiators]")
                .withCause(
                    new javax.net.ssl.SSLHandshakeException(
                        "PKIX path building failed: x\nmore detail"))
                .asRuntimeException(),
            "CreateProducer",
            "/default/t");
    assertThat(e.isRetriable()).isFalse();
    assertThat(e.status()).isEqualTo(DanubeStatus.UNAVAILABLE);
    assertThat(e.getMessage())
        .isEqualTo(
            "CreateProducer for topic /default/t failed with UNAVAILABLE: io exception (TLS"
                + " handshake failed: PKIX path building failed: x)");
  }

  @Test
  void onlyTheFirstLineOfADescriptionIsKept() {
    DanubeException e =
        StatusMapper.map(
            Status.UNAVAILABLE
                .withDescription("io exception\nChannel Pipeline: [a, b]")
                .asRuntimeException(),
            "CreateProducer",
            "/default/t");
    assertThat(e.isRetriable()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo("CreateProducer for topic /default/t failed with UNAVAILABLE: io exception");
  }

  @Test
  void nonGrpcErrorIsAClientError() {
    DanubeException e = StatusMapper.map(new IllegalStateException("bad"), "Ack", "/default/x");
    assertThat(e.status()).isEqualTo(DanubeStatus.CLIENT);
    assertThat(e.isRetriable()).isFalse();
    assertThat(e.getMessage()).contains("Ack").contains("/default/x").contains("bad");
  }

  @Test
  void danubeExceptionPassesThrough() {
    DanubeException original = new DanubeException("x", DanubeStatus.CLIENT, false, null);
    assertThat(StatusMapper.map(new CompletionException(original), "a", "b")).isSameAs(original);
  }

  @Test
  void budgetExhaustionKeepsTheLastCodeAndSaysSo() {
    DanubeException e =
        StatusMapper.budgetExhausted(
            Status.UNAVAILABLE.withDescription("down").asRuntimeException(),
            "SendMessage",
            "/default/t",
            4,
            Duration.ofSeconds(2));
    assertThat(e.isRetriable()).isTrue();
    assertThat(e.status()).isEqualTo(DanubeStatus.UNAVAILABLE);
    assertThat(e.getMessage()).contains("4 attempt").contains("budget").contains("down");
  }
}
