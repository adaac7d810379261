/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every sub-command works on: a broker ({@link ConnectionOptions}) and one topic. Picocli
 * reads the annotated fields of this class for each sub-command that extends it.
 */
abstract class TopicCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description = "Topic, /namespace/name")
  String topic;

  /** The producer or consumer name given on the command line, else {@code danube-cli-<pid>}. */
  static String nameOrDefault(String given) {
    return given != null ? given : "danube-cli-" + ProcessHandle.current().pid();
  }
}
