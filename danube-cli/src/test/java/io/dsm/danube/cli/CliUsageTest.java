/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Command-line validation; none of these reach the network (the URL points nowhere useful). */
class CliUsageTest {
  private static final String URL = "http://127.0.0.1:1";

  @Test
  void helpExitsZeroAndListsTheCommandsAndExitCodes() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("produce", "consume", "perf", "3", "timed out");
  }

  /** Each case: a command line and what its usage error on stderr must mention. */
  static Stream<Arguments> usageErrors() {
    return Stream.of(
        usageError("no command", new String[] {}, "missing command"),
        usageError("unknown option", produce("--bogus"), "--bogus"),
        usageError(
            "missing topic",
            new String[] {"consume", "--service-url", URL, "--subscription", "s"},
            "--topic"),
        usageError(
            "duration without unit names the option",
            consume("--timeout", "10"),
            "--timeout",
            "10s"),
        usageError(
            "--message and --size are mutually exclusive",
            produce("--message", "x", "--size", "10"),
            "--message",
            "--size"),
        usageError(
            "attribute without equals sign", produce("--attribute", "novalue"), "--attribute"),
        usageError("unknown subscription type", consume("--type", "round-robin"), "key-shared"),
        usageError(
            "non-positive count, before connecting",
            produce("--count", "0"),
            "--count must be at least 1"),
        usageError("malformed base64 payload", produce("--base64", "%%%"), "--base64"),
        usageError(
            "perf with zero in flight",
            command("perf", "--in-flight", "0"),
            "--in-flight must be at least 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  void isAUsageError(String description, String[] args, String[] expectedInErr) {
    CliRun run = CliRun.of(args);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains(expectedInErr);
  }

  private static Arguments usageError(String description, String[] args, String... expectedInErr) {
    return Arguments.of(description, args, expectedInErr);
  }

  private static String[] produce(String... args) {
    return command("produce", args);
  }

  private static String[] consume(String... args) {
    return command(
        "consume",
        Stream.concat(Stream.of("--subscription", "s"), Stream.of(args)).toArray(String[]::new));
  }

  /** {@code command} against the unreachable URL on topic /default/t, then {@code args}. */
  private static String[] command(String command, String... args) {
    return Stream.concat(
            Stream.of(command, "--service-url", URL, "--topic", "/default/t"), Stream.of(args))
        .toArray(String[]::new);
  }
}
