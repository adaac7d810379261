/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running an {@link EmbeddedHiveMq} for the test class (register it as a static
 * {@code @RegisterExtension} field), with acknowledgement recording on so that tests can prove when
 * the connector acknowledged.
 */
public final class EmbeddedHiveMqExtension implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedHiveMq broker;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    broker = EmbeddedHiveMq.builder().recordAcknowledgements().start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  /** The running broker (between beforeAll and afterAll). */
  public EmbeddedHiveMq broker() {
    if (broker == null) {
      throw new IllegalStateException("the embedded HiveMQ runs only while the test class runs");
    }
    return broker;
  }

  public String host() {
    return broker().host();
  }

  public int port() {
    return broker().port();
  }

  /** PUBACKs the broker received from {@code clientId} so far. */
  public long pubAcksFrom(String clientId) {
    return broker().pubAcksFrom(clientId);
  }

  /** PUBRECs (QoS 2 receipt acknowledgements) the broker received from {@code clientId}. */
  public long pubRecsFrom(String clientId) {
    return broker().pubRecsFrom(clientId);
  }
}
