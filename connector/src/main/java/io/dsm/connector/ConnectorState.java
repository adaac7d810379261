/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

/** Lifecycle states of {@link MqttSourceConnector}; see its Javadoc for the transitions. */
public enum ConnectorState {
  NEW,
  STARTING,
  RUNNING,
  DRAINING,
  STOPPED,
  FAILED
}
