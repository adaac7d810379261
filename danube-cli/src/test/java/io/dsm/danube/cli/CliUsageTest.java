/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Command-line validation; none of these reach the network (the URL points nowhere useful). */
class CliUsageTest {
  private static final String URL = "http://127.0.0.1:1";

  @Test
  void helpExitsZeroAndListsTheCommandsAndExitCodes() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("produce", "consume", "perf", "3", "timed out");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("missing command");
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun run = CliRun.of("produce", "--service-url", URL, "--topic", "/default/t", "--bogus");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--bogus");
  }

  @Test
  void missingTopicIsAUsageError() {
    CliRun run = CliRun.of("consume", "--service-url", URL, "--subscription", "s");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--topic");
  }

  @Test
  void durationWithoutUnitIsAUsageErrorNamingTheOption() {
    CliRun run =
        CliRun.of(
            "consume",
            "--service-url",
            URL,
            "--topic",
            "/default/t",
            "--subscription",
            "s",
            "--timeout",
            "10");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--timeout").contains("10s");
  }

  @Test
  void messageAndSizeAreMutuallyExclusive() {
    CliRun run =
        CliRun.of(
            "produce",
            "--service-url",
            URL,
            "--topic",
            "/default/t",
            "--message",
            "x",
            "--size",
            "10");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--message").contains("--size");
  }

  @Test
  void attributeWithoutEqualsSignIsAUsageError() {
    CliRun run =
        CliRun.of(
            "produce", "--service-url", URL, "--topic", "/default/t", "--attribute", "novalue");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--attribute");
  }

  @Test
  void unknownSubscriptionTypeIsAUsageError() {
    CliRun run =
        CliRun.of(
            "consume",
            "--service-url",
            URL,
            "--topic",
            "/default/t",
            "--subscription",
            "s",
            "--type",
            "round-robin");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("key-shared");
  }

  @Test
  void nonPositiveCountIsAUsageErrorBeforeConnecting() {
    CliRun run =
        CliRun.of("produce", "--service-url", URL, "--topic", "/default/t", "--count", "0");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--count must be at least 1");
  }

  @Test
  void malformedBase64PayloadIsAUsageError() {
    CliRun run =
        CliRun.of("produce", "--service-url", URL, "--topic", "/default/t", "--base64", "%%%");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--base64");
  }

  @Test
  void perfRejectsZeroInFlight() {
    CliRun run =
        CliRun.of("perf", "--service-url", URL, "--topic", "/default/t", "--in-flight", "0");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--in-flight must be at least 1");
  }
}
