/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

/**
 * One MQTT subscription the intake makes (and remakes whenever the broker lost our session).
 *
 * @param filter the topic filter
 * @param qos the requested maximum QoS, 0..2
 */
public record TopicSubscription(String filter, int qos) {
  public TopicSubscription {
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException(
          "subscription QoS must be 0, 1 or 2, but was " + qos + " for filter " + filter);
    }
  }
}
