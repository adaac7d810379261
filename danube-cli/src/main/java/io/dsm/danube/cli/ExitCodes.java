/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

/** Process exit codes of {@code danube-cli}; scripts depend on them, so they never change. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** A runtime failure: broker unreachable, message rejected, I/O error. */
  public static final int RUNTIME_ERROR = 1;

  /** The command line was wrong (unknown option, bad value, missing topic). */
  public static final int USAGE = 2;

  /** {@code consume --timeout} ran out before {@code --count} messages arrived. */
  public static final int TIMEOUT = 3;

  private ExitCodes() {}
}
