/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/**
 * Told each time a producer sends a message again after a retriable failure, inside the client's
 * retry budget (the caller's future is still pending). Lets applications count retries they would
 * otherwise never see.
 *
 * <p>Called on a client I/O thread: it must be quick and must not block. Exceptions it throws are
 * logged and ignored.
 */
@FunctionalInterface
public interface SendRetryListener {
  /**
   * @param topic the topic the message is sent to (for a partitioned topic, the partition's topic
   *     {@code <topic>-part-N})
   * @param statusCode the gRPC status code of the failed attempt, e.g. {@code UNAVAILABLE} or
   *     {@code NOT_FOUND}
   */
  void onRetry(String topic, String statusCode);
}
