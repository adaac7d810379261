/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The version and git commit the running code was built from. The build writes them to {@link
 * #RESOURCE} (connector-runtime/pom.xml, {@code build-info}); {@code unknown} stands for what the
 * build could not tell, e.g. the commit when built without git and without {@code
 * -Ddsm.build.commit}.
 *
 * @param version the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit the full git commit id, or {@code unknown}
 */
public record BuildInfo(String version, String commit) {
  /** Where the build puts the properties, on the class path. */
  public static final String RESOURCE = "/io/dsm/runtime/build-info.properties";

  static final String UNKNOWN = "unknown";

  private static final class Holder {
    static final BuildInfo CURRENT = load();
  }

  /** The build of the code on the class path; read once. */
  public static BuildInfo current() {
    return Holder.CURRENT;
  }

  /** {@code 0.1.0 (commit 1a2b3c4d5e6f)}: the commit shortened to 12 characters. */
  public String describe() {
    String shortCommit = commit.length() > 12 ? commit.substring(0, 12) : commit;
    return version + " (commit " + shortCommit + ")";
  }

  static BuildInfo load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return new BuildInfo(UNKNOWN, UNKNOWN); // classes compiled outside Maven (an IDE)
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static BuildInfo parse(Reader properties) throws IOException {
    Properties p = new Properties();
    p.load(properties);
    return new BuildInfo(value(p, "version"), value(p, "commit"));
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "").strip();
    // An unexpanded placeholder means the build did not fill it in.
    return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
  }
}
