/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import io.dsm.danube.client.DispatchStrategy;
import picocli.CommandLine.Option;

/** How {@code produce} and {@code perf} create their producer: dispatch and partitions. */
final class DispatchOptions {

  @Option(
      names = "--reliable",
      description = "Reliable dispatch (stored, acknowledged); must match an existing topic's")
  boolean reliable;

  @Option(
      names = "--partitions",
      paramLabel = "P",
      defaultValue = "0",
      description = "Partitions <topic>-part-0..P-1; 0 for a plain topic (default)")
  int partitions;

  DispatchStrategy strategy() {
    return reliable ? DispatchStrategy.RELIABLE : DispatchStrategy.NON_RELIABLE;
  }
}
