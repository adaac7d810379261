/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The POSIX signals fault tests send to processes: a clean stop, a crash, and a hang (STOP) that
 * ends with CONT. The JDK can send only TERM and KILL; STOP and CONT go through {@code kill(1)}.
 */
public enum Signal {
  /** Asks the process to stop; it may drain first. */
  TERM,
  /** Ends the process at once, as a crash or an OOM killer would. */
  KILL,
  /** Freezes the process: its sockets stay open but nothing answers, as in a hung broker. */
  STOP,
  /** Resumes a process frozen with {@link #STOP}. */
  CONT;

  /** Sends this signal to the process with id {@code pid}. */
  public void sendTo(long pid) {
    switch (this) {
      case TERM -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      case KILL -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      case STOP, CONT -> kill(pid);
    }
  }

  private void kill(long pid) {
    String option = "-" + name().toUpperCase(Locale.ROOT);
    try {
      Process p =
          new ProcessBuilder("kill", option, Long.toString(pid)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("kill " + option + " " + pid + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill " + option + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + name() + " to " + pid, e);
    }
  }
}
