/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

/** Process exit codes (the values of BSD {@code sysexits.h} where one fits). */
public final class ExitCodes {
  private ExitCodes() {}

  /** Success, including a stop requested by SIGTERM or SIGINT. */
  public static final int OK = 0;

  /** The connector failed while running, or could not start for another reason. */
  public static final int FAILURE = 1;

  /** Bad command line: unknown option, missing argument, ... */
  public static final int USAGE = 2;

  /** MQTT broker or Danube unreachable at start ({@code EX_UNAVAILABLE}). */
  public static final int DEPENDENCY_UNAVAILABLE = 69;

  /** Invalid configuration, found before any connection is opened ({@code EX_CONFIG}). */
  public static final int INVALID_CONFIG = 78;
}
