/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

/**
 * A producer registered on a topic.
 *
 * @param id the broker-chosen u64 id, carried in a Java long (often negative)
 * @param name the producer name (the identity key: a repeated name gets the same id)
 * @param exclusive whether the producer asked for Exclusive access (stored, never enforced, like
 *     Danube)
 * @param broker index of the broker the producer is registered on
 */
public record ProducerInfo(long id, String name, boolean exclusive, int broker) {}
