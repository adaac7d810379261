/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

import java.util.List;
import java.util.Map;

/**
 * The MQTT 5 properties of a PUBLISH that belong to the application message. Empty for MQTT 3.1.1.
 *
 * @param payloadFormatUtf8 the Payload Format Indicator: {@code TRUE} when the publisher declared
 *     the payload UTF-8, {@code FALSE} when it declared it unspecified bytes, {@code null} when
 *     absent
 * @param messageExpirySecs the remaining Message Expiry Interval in seconds, or {@code null}
 * @param contentType the Content Type, or {@code null}
 * @param responseTopic the Response Topic, or {@code null}
 * @param correlationData the Correlation Data (owned by this record), or {@code null}
 * @param userProperties the User Properties in the order received; names may repeat
 * @param subscriptionIds the Subscription Identifiers of the matching subscriptions
 */
public record PublishProperties(
    Boolean payloadFormatUtf8,
    Long messageExpirySecs,
    String contentType,
    String responseTopic,
    byte[] correlationData,
    List<Map.Entry<String, String>> userProperties,
    List<Integer> subscriptionIds) {

  /** No properties. */
  public static final PublishProperties NONE =
      new PublishProperties(null, null, null, null, null, List.of(), List.of());

  public PublishProperties {
    userProperties = List.copyOf(userProperties);
    subscriptionIds = List.copyOf(subscriptionIds);
  }

  /** Only User Properties, in the order given (names may repeat). */
  public static PublishProperties ofUserProperties(List<Map.Entry<String, String>> userProperties) {
    return new PublishProperties(null, null, null, null, null, userProperties, List.of());
  }

  /** Whether no property is set. */
  public boolean isEmpty() {
    return payloadFormatUtf8 == null
        && messageExpirySecs == null
        && contentType == null
        && responseTopic == null
        && correlationData == null
        && userProperties.isEmpty()
        && subscriptionIds.isEmpty();
  }
}
