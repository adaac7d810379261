/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM: its output in files, its environment, and each signal's effect. */
@Timeout(120)
class JvmProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final Closer closer = new Closer();

  @AfterEach
  void stop() throws Exception {
    closer.closeAll();
  }

  private JvmProcess child(String exitCode) throws Exception {
    JvmProcess p =
        closer.add(
            JvmProcess.mainClass(ChildMain.class)
                .name("child")
                .jvmOptions("-Xmx32m")
                .args(exitCode, "second")
                .env("CHILD_VALUE", "given")
                .withoutEnv(java.util.List.of("CHILD_REMOVED"))
                .outputDir(dir)
                .start());
    p.awaitLine("child: ready", WAIT);
    return p;
  }

  private static long ticks(JvmProcess p) {
    return p.stdout().lines().filter("tick"::equals).count();
  }

  @Test
  void passesArgumentsAndEnvironmentAndKeepsStdoutAndStderrApart() throws Exception {
    JvmProcess p = child("0");

    assertThat(p.stdout())
        .contains("child: args=0,second", "child: CHILD_VALUE=given", "child: CHILD_REMOVED=null")
        .doesNotContain("on stderr");
    assertThat(p.stderr()).contains("child: on stderr");
    assertThat(p.output()).contains("child: ready", "child: on stderr");
    assertThat(p.stdoutFile()).isEqualTo(dir.resolve("child.out"));
    assertThat(p.stderrFile()).isEqualTo(dir.resolve("child.err"));
    assertThat(p.awaitLine("CHILD_VALUE", WAIT)).isEqualTo("child: CHILD_VALUE=given");
  }

  @Test
  void termLetsTheProgramShutDownAndReturnsItsExitCode() throws Exception {
    JvmProcess p = child("3");

    p.signal(Signal.TERM);

    assertThat(p.awaitExit(WAIT)).isEqualTo(3);
    assertThat(p.stdout()).contains("child: bye");
  }

  @Test
  void killEndsItWithoutShutdown() throws Exception {
    JvmProcess p = child("0");

    assertThat(p.kill()).isEqualTo(128 + 9);
    assertThat(p.isAlive()).isFalse();
    assertThat(p.stdout()).doesNotContain("child: bye");
  }

  @Test
  void stopFreezesItAndContThawsIt() throws Exception {
    JvmProcess p = child("0");
    await().atMost(WAIT).until(() -> ticks(p) > 3);

    p.signal(Signal.STOP);
    long[] frozen = {ticks(p)};
    await()
        .atMost(WAIT)
        .until(
            () -> {
              long now = ticks(p);
              boolean still = now == frozen[0];
              frozen[0] = now;
              return still;
            });
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> ticks(p) == frozen[0]);
    assertThat(p.isAlive()).isTrue();

    p.signal(Signal.CONT);
    await().atMost(WAIT).until(() -> ticks(p) > frozen[0] + 3);
  }

  @Test
  void stopOfAFrozenProcessStillEndsIt() throws Exception {
    JvmProcess p = child("5");
    p.signal(Signal.STOP);

    assertThat(p.stop(WAIT)).isEqualTo(5);
  }

  @Test
  void awaitLineFailsAtOnceWhenTheProgramExitsFirst() throws Exception {
    JvmProcess p = child("0");
    p.kill();

    assertThatThrownBy(() -> p.awaitLine("never printed", WAIT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("child exited with 137 before printing")
        .hasMessageContaining("child: ready");
  }
}
