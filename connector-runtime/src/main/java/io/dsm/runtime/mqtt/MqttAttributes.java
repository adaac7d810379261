/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.mqtt;

/**
 * The Danube attribute names that carry an MQTT message's metadata: the source connector writes
 * them, the sink reads them back into a PUBLISH. One table, so the round trip cannot drift.
 */
public final class MqttAttributes {
  private MqttAttributes() {}

  public static final String TOPIC = "mqtt.topic";
  public static final String QOS = "mqtt.qos";
  public static final String RETAIN = "mqtt.retain";
  public static final String DUP = "mqtt.dup";
  public static final String SOURCE = "source";

  /** Prefix of one attribute per MQTT 5 user property (the first value of a repeated name). */
  public static final String USER_PREFIX = "mqtt.user.";

  /** Every user property in order, as a JSON array of {@code [name, value]} pairs. */
  public static final String USER_PROPERTIES = "mqtt.user_properties";

  public static final String CONTENT_TYPE = "mqtt.content_type";
  public static final String RESPONSE_TOPIC = "mqtt.response_topic";

  /** Base64 of the correlation data. */
  public static final String CORRELATION_DATA = "mqtt.correlation_data";

  /** {@code utf8} or {@code unspecified}. */
  public static final String PAYLOAD_FORMAT = "mqtt.payload_format";

  public static final String MESSAGE_EXPIRY = "mqtt.message_expiry_secs";
  public static final String SUBSCRIPTION_IDS = "mqtt.subscription_ids";
}
