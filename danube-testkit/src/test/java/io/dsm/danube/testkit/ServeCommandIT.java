/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.danube.proto.DispatchStrategy;
import io.dsm.danube.proto.HealthCheckRequest.ClientType;
import io.dsm.danube.proto.HealthCheckResponse.ClientStatus;
import io.dsm.testsupport.JvmProcess;
import io.dsm.testsupport.Signal;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code danube-testkit serve}: the ready line, answering clients, clean stop. */
@Timeout(60)
class ServeCommandIT {
  private static final Pattern READY =
      Pattern.compile(
          "danube-testkit listening on (http://127\\.0\\.0\\.1:\\d+)"
              + " \\(admin (http://127\\.0\\.0\\.1:\\d+)\\)");

  /** {@code testkit <args>} running in this JVM until {@link #stop()}, past its ready line. */
  private record Serving(
      Matcher ready,
      BufferedReader stdout,
      PrintStream out,
      ByteArrayOutputStream err,
      CountDownLatch stopSignal,
      CompletableFuture<Integer> exit) {

    static Serving start(String... args) throws IOException {
      PipedInputStream pipe = new PipedInputStream();
      PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CountDownLatch stop = new CountDownLatch(1);
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  TestkitMain.run(
                      args, out, new PrintStream(err, true, StandardCharsets.UTF_8), stop));
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
      String line = lines.readLine();
      Matcher m = READY.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      return new Serving(m, lines, out, err, stop, exit);
    }

    String serviceUrl() {
      return ready.group(1);
    }

    String adminUrl() {
      return ready.group(2);
    }

    /** Signals the stop and returns the exit code. */
    int stop() throws Exception {
      stopSignal.countDown();
      return exit.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void serveInProcessPrintsOneReadyLineAnswersAndStopsWithZero() throws Exception {
    Serving serving =
        Serving.start(
            "serve", "--port", "0", "--admin-port", "0", "--mode", "standalone", "--brokers", "2");
    try (RawClient client = new RawClient(serving.serviceUrl())) {
      long id = client.createProducer("/default/cli", "p", DispatchStrategy.NonReliable);
      assertThat(client.health(ClientType.Producer, id)).isEqualTo(ClientStatus.OK);
    }
    assertThat(serving.stop()).isZero();
    serving.out().close();
    assertThat(serving.stdout().readLine()).as("exactly one stdout line").isNull();
    assertThat(serving.err().toString(StandardCharsets.UTF_8)).contains("NOT a production broker");
  }

  @Test
  void bootstrapNamespaceTakesTopicsAndTheAdminUrlServesNamespaces() throws Exception {
    Serving serving =
        Serving.start("serve", "--port", "0", "--admin-port", "0", "--namespace", "iot");
    assertThat(serving.adminUrl()).isNotEqualTo(serving.serviceUrl());
    try (RawClient client = new RawClient(serving.serviceUrl());
        RawClient admin = new RawClient(serving.adminUrl())) {
      long id = client.createProducer("/iot/data", "p", DispatchStrategy.NonReliable);
      client.send("/iot/data", id, 1, "hello");
      assertThat(admin.listNamespaces()).containsExactly("default", "iot", "iot", "system");
    }
    assertThat(serving.stop()).isZero();
  }

  /**
   * What {@code testkit <args>} printed and returned, when it ends by itself (no broker stays up).
   */
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        TestkitMain.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new CountDownLatch(0));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * A namespace that can never hold a topic, an unknown mode and a TLS certificate without its key
   * are usage errors (exit code 2) that name the option.
   */
  @ParameterizedTest(name = "serve {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "--port 0 --admin-port 0 --namespace a/b"
            + " | --namespace: namespace 'a/b' is not a Danube namespace name",
        "--mode edge | --mode",
        "--port 0 --tls-cert cert.pem | --tls-key"
      })
  void badOptionsAreUsageErrors(String args, String message) {
    Run run = run(("serve " + args).split(" "));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  @Test
  void helpWarnsThatItIsNotAProductionBroker() {
    Run run = run("serve", "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("NOT A PRODUCTION BROKER")
        .contains("--max-message-size")
        .contains("--admin-port")
        .contains("--namespace");
  }

  @Test
  void separateProcessExitsZeroOnSigterm(@TempDir Path tmp) throws Exception {
    try (JvmProcess p =
        JvmProcess.mainClass(TestkitMain.class)
            .args("serve", "--port", "0", "--admin-port", "0")
            .outputDir(tmp)
            .start()) {
      String ready =
          p.awaitLine(l -> READY.matcher(l).matches(), "the ready line", Duration.ofSeconds(30));
      assertThat(p.stdout().lines().findFirst()).as(p::stderr).hasValue(ready);
      Matcher m = READY.matcher(ready);
      assertThat(m.matches()).isTrue();
      try (RawClient client = new RawClient(m.group(1))) {
        assertThat(client.health(ClientType.Consumer, 1)).isEqualTo(ClientStatus.CLOSE);
      }
      p.signal(Signal.TERM);
      assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p::stderr).isZero();
    }
  }
}
