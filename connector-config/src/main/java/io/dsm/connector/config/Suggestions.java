/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" for mistyped keys. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The known path closest to {@code unknown}: a key of the same table within a small edit
   * distance, or the same key name in another table.
   */
  static Optional<String> closest(String unknown, Collection<String> known) {
    String table = tableOf(unknown);
    String leaf = leafOf(unknown);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance;
      if (tableOf(candidate).equals(table)) {
        distance = distance(leaf, leafOf(candidate));
      } else if (leafOf(candidate).equals(leaf)) {
        distance = 1;
      } else {
        continue;
      }
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(2, leaf.length() / 4);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  private static String tableOf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  private static String leafOf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** Edit distance where swapping two neighbouring characters counts as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
