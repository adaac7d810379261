/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Executables the interop tests need ({@code mosquitto}, {@code mosquitto_passwd}). Debian installs
 * mosquitto in /usr/sbin, which is not on every user's PATH, so that is searched too.
 */
public final class ExternalTool {
  /** The system property CI sets so that a missing tool fails the build instead of skipping. */
  public static final String INTEROP_REQUIRED = "interop.required";

  private ExternalTool() {}

  /** The executable {@code name} on the PATH or in /usr/sbin, /usr/local/sbin. */
  public static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }

  /**
   * The executable {@code name}; when it is missing the running test is skipped (a JUnit
   * assumption), or fails when the system property {@value #INTEROP_REQUIRED} is {@code true}, as
   * in CI, so that the interop suite cannot silently not run.
   */
  public static Path requireForTest(String name) {
    return find(name).orElseGet(() -> MissingTool.skipOrFail(name));
  }
}
