/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/** How the broker stores and dispatches a topic's messages. Fixed when the topic is created. */
public enum DispatchStrategy {
  /** In memory only; dropped when no subscriber is there to take it (wire value 0). */
  NON_RELIABLE,
  /** Persisted with offsets, acknowledged by consumers and redelivered (wire value 1). */
  RELIABLE
}
