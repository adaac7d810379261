/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place that touches JUnit when a tool is missing, kept out of the runners so that the
 * bench, which uses them without JUnit on its class path, never loads it.
 */
final class MissingTool {
  private MissingTool() {}

  static Path skipOrFail(String name) {
    if (Boolean.getBoolean(ExternalTool.INTEROP_REQUIRED)) {
      throw new AssertionError(
          name
              + " not found on PATH or in /usr/sbin, and "
              + ExternalTool.INTEROP_REQUIRED
              + "=true");
    }
    return Assumptions.abort(name + " is not installed; interop test skipped");
  }
}
