/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Locale;

/**
 * Which registered version of a schema subject the producers use ({@code version_strategy}, as in
 * danube-connect-core): {@code "latest"}, {@code { pinned = 2 }} or {@code { minimum = 1 }}.
 *
 * @param kind latest, pinned or minimum
 * @param version the version for {@link Kind#PINNED} and {@link Kind#MINIMUM}; 0 for latest
 */
public record VersionStrategy(Kind kind, int version) {

  /** The three strategies. */
  public enum Kind {
    LATEST,
    PINNED,
    MINIMUM
  }

  /** The newest version (the default). */
  public static final VersionStrategy LATEST = new VersionStrategy(Kind.LATEST, 0);

  public VersionStrategy {
    if (kind == Kind.LATEST ? version != 0 : version < 1) {
      throw new IllegalArgumentException(kind + " with version " + version);
    }
  }

  /** Exactly {@code version}. */
  public static VersionStrategy pinned(int version) {
    return new VersionStrategy(Kind.PINNED, version);
  }

  /** {@code version} or newer. */
  public static VersionStrategy minimum(int version) {
    return new VersionStrategy(Kind.MINIMUM, version);
  }

  /** {@code latest}, {@code pinned 2} or {@code minimum 1}. */
  @Override
  public String toString() {
    return kind == Kind.LATEST ? "latest" : kind.name().toLowerCase(Locale.ROOT) + " " + version;
  }
}
