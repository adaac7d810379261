/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.List;

/**
 * Every problem found while loading the configuration, in a printable message; the command line
 * puts the program's name in front (the source and the sink share this loader).
 */
public final class InvalidConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super(render(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order they were found. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    StringBuilder out =
        new StringBuilder("invalid configuration (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem)" : " problems)");
    for (ConfigProblem problem : problems) {
      out.append(System.lineSeparator()).append("  ").append(problem);
    }
    return out.toString();
  }
}
