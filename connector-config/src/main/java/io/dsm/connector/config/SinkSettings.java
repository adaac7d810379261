/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.List;

/**
 * The validated configuration of the sink connector (Danube to MQTT).
 *
 * @param common connector name, MQTT and Danube connection, runtime settings (shared with the
 *     source; its routes are empty)
 * @param routes Danube topic to MQTT topic template, in configuration order
 * @param subscription Danube subscription name ({@code DANUBE_SUBSCRIPTION})
 * @param subscriptionType Danube subscription type ({@code DANUBE_SUBSCRIPTION_TYPE})
 * @param retain retain flag of the PUBLISHes ({@code MQTT_RETAIN})
 * @param maxInFlight most messages published but not yet acknowledged by the MQTT broker
 * @param deadLetterTopic Danube topic for messages whose MQTT topic cannot be rendered, or null
 * @param markPublished add the loop-prevention user property to every PUBLISH (MQTT 5)
 * @param topicPrefix prefix put before every rendered topic (loop prevention with MQTT 3.1.1), or
 *     empty
 */
public record SinkSettings(
    ConnectorSettings common,
    List<SinkRouteSettings> routes,
    String subscription,
    SinkSubscriptionType subscriptionType,
    RetainMode retain,
    int maxInFlight,
    String deadLetterTopic,
    boolean markPublished,
    String topicPrefix) {

  /**
   * The MQTT 5 user property the sink marks its PUBLISHes with; the value is the connector name.
   */
  public static final String MARKER_PROPERTY = "dsm.sink";

  public SinkSettings {
    routes = List.copyOf(routes);
    topicPrefix = topicPrefix == null ? "" : topicPrefix;
  }

  public String connectorName() {
    return common.connectorName();
  }

  public MqttSettings mqtt() {
    return common.mqtt();
  }

  public DanubeSettings danube() {
    return common.danube();
  }

  public RuntimeSettings runtime() {
    return common.runtime();
  }
}
