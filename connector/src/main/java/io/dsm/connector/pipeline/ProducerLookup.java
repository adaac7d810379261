/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.pipeline;

import io.dsm.danube.client.DanubeProducer;

/** Finds the producer of a Danube topic a route targets. Thread-safe. */
@FunctionalInterface
public interface ProducerLookup {
  /**
   * @throws IllegalStateException when no producer exists for the topic
   */
  DanubeProducer producerFor(String danubeTopic);
}
