/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running a fresh {@link MosquittoProcess} for every test (register it on an
 * instance field with {@code @RegisterExtension}). It starts before the test's {@code @BeforeEach}
 * methods and stops after its {@code @AfterEach} methods, so whatever a test closes there still has
 * its broker. Without the {@code mosquitto} binary the test is skipped (or fails in CI), as {@link
 * MosquittoProcess.Builder#start()} decides.
 *
 * <pre>{@code
 * @RegisterExtension
 * final MosquittoExtension mosquitto = new MosquittoExtension(b -> b.persistence(true));
 * }</pre>
 */
public final class MosquittoExtension implements BeforeEachCallback, AfterEachCallback {
  private final Consumer<MosquittoProcess.Builder> settings;
  private MosquittoProcess process;

  /** A broker with mosquitto's defaults and one anonymous listener. */
  public MosquittoExtension() {
    this(b -> {});
  }

  /** A broker configured by {@code settings}. */
  public MosquittoExtension(Consumer<MosquittoProcess.Builder> settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    MosquittoProcess.Builder builder = MosquittoProcess.builder();
    settings.accept(builder);
    process = builder.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (process != null) {
      process.close();
      process = null;
    }
  }

  /** The running broker (during the test). */
  public MosquittoProcess process() {
    if (process == null) {
      throw new IllegalStateException("mosquitto runs only while a test runs");
    }
    return process;
  }

  /** Its (first) listener's port. */
  public int port() {
    return process().port();
  }
}
