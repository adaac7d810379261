/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Locale;

/** {@code DANUBE_SUBSCRIPTION_TYPE}: the Danube subscription type the sink consumes with. */
public enum SinkSubscriptionType {
  /** One consumer per subscription; a second replica is refused. */
  EXCLUSIVE,
  /** Messages spread over every replica of the subscription (scale-out, no order across them). */
  SHARED,
  /** One active consumer, the others stand by. */
  FAILOVER,
  /** Messages of one routing key always go to the same replica (scale-out, order per key). */
  KEY_SHARED;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
