/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

/**
 * What a broker advertises in lookups.
 *
 * @param connectUrl the address clients dial
 * @param brokerUrl the broker's identity address (equal to connectUrl: no proxy)
 */
public record NodeAddress(String connectUrl, String brokerUrl) {}
