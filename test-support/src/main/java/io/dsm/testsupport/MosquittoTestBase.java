/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of an interop test against a real Mosquitto: a fresh broker for every test ({@link
 * #mosquitto}) and a {@link Closer} ({@link #toClose}) for what the test opens, emptied after each
 * test while the broker still runs. A subclass registers the Danube broker it needs itself, e.g.
 * {@code DanubeBrokerExtension.perTest(..)} on a static field, which then stops last.
 */
public abstract class MosquittoTestBase {
  /** The test's broker. */
  @RegisterExtension protected final MosquittoExtension mosquitto;

  /** What the test opened: connectors, clients, child processes; closed newest first. */
  protected final Closer toClose = new Closer();

  /** A broker with one anonymous listener and mosquitto's defaults. */
  protected MosquittoTestBase() {
    this(b -> {});
  }

  /** A broker configured by {@code settings}. */
  protected MosquittoTestBase(Consumer<MosquittoProcess.Builder> settings) {
    this.mosquitto = new MosquittoExtension(settings);
  }

  @AfterEach
  void closeWhatTheTestOpened() throws Exception {
    toClose.closeAll();
  }
}
