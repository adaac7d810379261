/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/** Subscription types; the first Subscribe fixes a subscription's type. */
public enum SubscriptionType {
  EXCLUSIVE,
  SHARED,
  FAILOVER,
  KEY_SHARED
}
