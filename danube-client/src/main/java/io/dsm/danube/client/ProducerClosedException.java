/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/** The producer was closed before the message was acknowledged. */
public final class ProducerClosedException extends DanubeException {
  private static final long serialVersionUID = 1L;

  public ProducerClosedException(String topic) {
    super("producer for " + topic + " is closed", DanubeStatus.CLIENT, false, null);
  }
}
